/// Turns a source file into tokens with byte spans; comments go to a side list.
///
/// The lexer never fails: bad characters become `.invalid` tokens with a diagnostic, so the
/// parser can report everything in one pass.
public struct Lexer {
    /// Longest name, number or string (in bytes) the lexer accepts; a longer one is reported as
    /// `too-long` and its text is cut short (hostile inputs).
    public static let maxTokenLength = 100_000
    /// Largest source file (in bytes) the lexer reads; a larger one is reported as `too-large`
    /// and not read at all (guidelines are tens of kilobytes; junk is not worth minutes).
    public static let maxFileSize = 10_000_000
    /// Most errors reported for one file, by the lexer and the parser together; past them both
    /// stop (`too-many-errors`), so a file of junk gives a screenful, not a million lines.
    public static let maxErrors = 100

    let file: SourceFile
    let b: [UInt8]
    var i = 0
    var sawNewline = true
    /// True once the lexer gave up (a file too large, too many errors): only `eof` follows.
    var stopped = false
    public private(set) var comments: [Comment] = []
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: SourceFile) {
        self.file = file
        self.b = file.bytes
        // A byte-order mark is not part of the text.
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        if b.count > Lexer.maxFileSize {
            stopped = true
            diagnostics.append(Diagnostic(.tooLarge,
                                          "this file has \(b.count) bytes; gist reads source files of at most \(Lexer.maxFileSize) bytes",
                                          at: SourceRange(file, Span(i, i))))
        }
    }

    public static func tokenize(_ file: SourceFile) -> (tokens: [Token], comments: [Comment], diagnostics: [Diagnostic]) {
        var lx = Lexer(file: file)
        var tokens: [Token] = []
        while true {
            let t = lx.next()
            tokens.append(t)
            if t.kind == .eof { break }
        }
        return (tokens, lx.comments, lx.diagnostics)
    }

    func peek(_ k: Int = 0) -> UInt8 { i + k < b.count ? b[i + k] : 0 }

    mutating func next() -> Token {
        if !stopped, diagnostics.count >= Lexer.maxErrors {
            stopped = true
            diagnostics.append(Diagnostic(.tooManyErrors, "too many errors (\(diagnostics.count)); stopping here",
                                          at: SourceRange(file, Span(i, i))))
        }
        if stopped { return Token(kind: .eof, span: Span(i, i), text: "", startsLine: true) }
        skipTrivia()
        let start = i
        let newline = sawNewline
        sawNewline = false
        func tok(_ kind: TokenKind, _ len: Int) -> Token {
            i += len
            return Token(kind: kind, span: Span(start, i), text: String(decoding: b[start..<i], as: UTF8.self), startsLine: newline)
        }
        guard i < b.count else { return Token(kind: .eof, span: Span(i, i), text: "", startsLine: true) }
        let c = b[i]
        if isIdentStart(c) || isMicro(c, peek(1)) {
            while i < b.count {
                if isIdentContinue(b[i]) { i += 1 } else if i + 1 < b.count, isMicro(b[i], b[i + 1]) || isSuperscript(b[i], b[i + 1]) { i += 2 } else { break }
            }
            if i - start > Lexer.maxTokenLength {
                return tooLong(.identifier, "name", start: start, newline: newline)
            }
            let text = String(decoding: b[start..<i], as: UTF8.self)
            let kind: TokenKind = Keyword(rawValue: text).map { .keyword($0) } ?? .identifier
            return Token(kind: kind, span: Span(start, i), text: text, startsLine: newline)
        }
        if isDigit(c) { return number(start: start, newline: newline) }
        switch c {
        case UInt8(ascii: "\""): return string(start: start, newline: newline)
        case UInt8(ascii: "{"): return tok(.lbrace, 1)
        case UInt8(ascii: "}"): return tok(.rbrace, 1)
        case UInt8(ascii: "("): return tok(.lparen, 1)
        case UInt8(ascii: ")"): return tok(.rparen, 1)
        case UInt8(ascii: "["): return tok(.lbracket, 1)
        case UInt8(ascii: "]"): return tok(.rbracket, 1)
        case UInt8(ascii: ","): return tok(.comma, 1)
        case UInt8(ascii: ":"): return tok(.colon, 1)
        case UInt8(ascii: "."): return peek(1) == UInt8(ascii: ".") ? tok(.dotdot, 2) : tok(.dot, 1)
        case UInt8(ascii: "|"): return tok(.pipe, 1)
        case UInt8(ascii: "+"): return tok(.plus, 1)
        case UInt8(ascii: "-"): return peek(1) == UInt8(ascii: ">") ? tok(.thinArrow, 2) : tok(.minus, 1)
        case UInt8(ascii: "*"): return tok(.star, 1)
        case UInt8(ascii: "/"): return tok(.slash, 1)
        case UInt8(ascii: "%"): return tok(.percent, 1)
        case UInt8(ascii: "="):
            if peek(1) == UInt8(ascii: "=") { return tok(.eq, 2) }
            if peek(1) == UInt8(ascii: ">") { return tok(.arrow, 2) }
            return tok(.equal, 1)
        case UInt8(ascii: "!"):
            if peek(1) == UInt8(ascii: "=") { return tok(.ne, 2) }
        case UInt8(ascii: "<"): return peek(1) == UInt8(ascii: "=") ? tok(.le, 2) : tok(.lt, 1)
        case UInt8(ascii: ">"): return peek(1) == UInt8(ascii: "=") ? tok(.ge, 2) : tok(.gt, 1)
        case 0xE2 where peek(1) == 0x89 && (peek(2) == 0xA4 || peek(2) == 0xA5 || peek(2) == 0xA0):
            // ≤ ≥ ≠ are accepted as spellings of <= >= !=.
            let kind: TokenKind = peek(2) == 0xA4 ? .le : peek(2) == 0xA5 ? .ge : .ne
            return tok(kind, 3)
        default: break
        }
        // Skip one whole (possibly multi-byte) character, or an invalid byte run.
        i += 1
        while i < b.count, b[i] & 0xC0 == 0x80 { i += 1 }
        let text = String(decoding: b[start..<i], as: UTF8.self)
        diagnostics.append(Diagnostic(.invalidCharacter, "unexpected character \(Lexer.describe(b[start..<i]))",
                                      at: SourceRange(file, Span(start, i))))
        return Token(kind: .invalid, span: Span(start, i), text: text, startsLine: newline)
    }

    /// A character for a message: quoted when it is visible, its code point when it is a control
    /// character (a NUL byte would otherwise go to the terminal), its bytes when it is not UTF-8.
    static func describe(_ bytes: ArraySlice<UInt8>) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return "(invalid UTF-8: " + bytes.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ") + ")"
        }
        let scalars = Array(text.unicodeScalars)
        if scalars.count == 1, scalars[0].value < 0x20 || (0x7F...0x9F).contains(scalars[0].value)
            || scalars[0].properties.generalCategory == .format {
            let hex = String(scalars[0].value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(text)'"
    }

    /// Reports a token longer than `maxTokenLength` (ending at `i`) and returns it with a short
    /// text ending in "…", so later messages quoting it stay readable.
    mutating func tooLong(_ kind: TokenKind, _ what: String, start: Int, newline: Bool, text: String? = nil) -> Token {
        diagnostics.append(Diagnostic(.tooLong, "this \(what) is longer than \(Lexer.maxTokenLength) bytes",
                                      at: SourceRange(file, Span(start, min(i, start + 1)))))
        let shown = text ?? String(decoding: b[start..<min(i, start + 32)], as: UTF8.self)
        return Token(kind: kind, span: Span(start, i), text: String(shown.prefix(32)) + "…", startsLine: newline)
    }

    mutating func skipTrivia() {
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\n") { sawNewline = true; i += 1 }
            else if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") { i += 1 }
            else if c == UInt8(ascii: "#") {
                let start = i
                var ownLine = true
                var k = i - 1
                while k >= 0, b[k] != UInt8(ascii: "\n") {
                    if b[k] != UInt8(ascii: " "), b[k] != UInt8(ascii: "\t") { ownLine = false; break }
                    k -= 1
                }
                while i < b.count, b[i] != UInt8(ascii: "\n") { i += 1 }
                var end = i
                if end > start, b[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                var text = String(decoding: b[(start + 1)..<max(start + 1, end)], as: UTF8.self)
                text = text.trimmingSpaces()
                comments.append(Comment(span: Span(start, end), text: text, ownLine: ownLine))
            } else { break }
        }
    }

    mutating func number(start: Int, newline: Bool) -> Token {
        while i < b.count, isDigit(b[i]) || b[i] == UInt8(ascii: "_") { i += 1 }
        // A fraction, but not the start of a `..` range.
        if peek() == UInt8(ascii: "."), isDigit(peek(1)) {
            i += 1
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        if (peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E")),
           isDigit(peek(1)) || ((peek(1) == UInt8(ascii: "-") || peek(1) == UInt8(ascii: "+")) && isDigit(peek(2))) {
            i += 2
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        if i - start > Lexer.maxTokenLength { return tooLong(.number, "number", start: start, newline: newline) }
        let text = String(decoding: b[start..<i], as: UTF8.self).replacingAll("_", with: "")
        return Token(kind: .number, span: Span(start, i), text: text, startsLine: newline)
    }

    mutating func string(start: Int, newline: Bool) -> Token {
        i += 1
        var out: [UInt8] = []
        while i < b.count, b[i] != UInt8(ascii: "\"") {
            if b[i] == UInt8(ascii: "\n") { break }
            // The carriage return of a CRLF line ending is not part of an unterminated string.
            if b[i] == UInt8(ascii: "\r"), i + 1 == b.count || b[i + 1] == UInt8(ascii: "\n") { break }
            if b[i] == UInt8(ascii: "\\"), i + 1 < b.count {
                let e = b[i + 1]
                switch e {
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(e)
                default:
                    diagnostics.append(Diagnostic(.invalidEscape, "unknown escape '\\\(Character(Unicode.Scalar(e)))' in string",
                                                  at: SourceRange(file, Span(i, i + 2))))
                }
                i += 2
                continue
            }
            out.append(b[i])
            i += 1
        }
        if i < b.count, b[i] == UInt8(ascii: "\"") {
            i += 1
        } else {
            diagnostics.append(Diagnostic(.unterminatedString, "string is not closed before the end of the line",
                                          at: SourceRange(file, Span(start, i))))
        }
        if i - start > Lexer.maxTokenLength {
            return tooLong(.string, "string", start: start, newline: newline,
                           text: String(decoding: out.prefix(128), as: UTF8.self))
        }
        return Token(kind: .string, span: Span(start, i), text: String(decoding: out, as: UTF8.self), startsLine: newline)
    }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
@inline(__always) func isIdentStart(_ c: UInt8) -> Bool {
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
}
@inline(__always) func isIdentContinue(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) }
/// `µ` (U+00B5) and `²` `³` (U+00B2, U+00B3) are parts of names, so that units may be written
/// `µg`, `µmol/L`, `m²` as well as `mcg`, `umol/L`, `m2`.
@inline(__always) func isMicro(_ c: UInt8, _ d: UInt8) -> Bool { c == 0xC2 && d == 0xB5 }
@inline(__always) func isSuperscript(_ c: UInt8, _ d: UInt8) -> Bool { c == 0xC2 && (d == 0xB2 || d == 0xB3) }

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
    func replacingAll(_ a: Character, with b: String) -> String {
        var out = ""
        for ch in self { if ch == a { out += b } else { out.append(ch) } }
        return out
    }
}
