/// A source file's text with its name, and the offsets where its lines start.
public final class SourceFile: Sendable {
    public let name: String
    public let text: String
    /// UTF-8 bytes of `text`; the lexer works on these and positions are byte offsets.
    public let bytes: [UInt8]
    let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        let bytes = Array(text.utf8)
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// Bytes of a leading byte-order mark (U+FEFF), which is not part of the text.
    var bomLength: Int { bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0 }

    /// Where line `index` (0-based) starts, past a byte-order mark on the first line.
    func lineStart(_ index: Int) -> Int {
        index == 0 ? min(bomLength, bytes.count) : lineStarts[index]
    }

    /// 1-based line and column (in characters) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let line = lineIndex(of: offset)
        let start = lineStart(line)
        let end = min(max(offset, start), bytes.count)
        let column = String(decoding: bytes[start..<end], as: UTF8.self).count + 1
        return (line + 1, column)
    }

    func lineIndex(of offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The text of a 1-based line, without its line ending.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStart(line - 1)
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, end - 1 < bytes.count, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    public func text(of span: Span) -> String {
        let lo = max(0, min(span.start, bytes.count)), hi = max(lo, min(span.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

/// A half-open byte range in one source file.
public struct Span: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) { self.start = start; self.end = max(start, end) }
    public static let none = Span(0, 0)
    public func to(_ other: Span) -> Span { Span(min(start, other.start), max(end, other.end)) }
}

/// A span together with its file: what diagnostics, explanations and coverage point at.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    public let file: SourceFile
    public let span: Span
    public init(_ file: SourceFile, _ span: Span) { self.file = file; self.span = span }
    public var line: Int { file.location(of: span.start).line }
    public var column: Int { file.location(of: span.start).column }
    public var description: String { "\(file.name):\(line):\(column)" }
    public static func == (a: SourceRange, b: SourceRange) -> Bool { a.file === b.file && a.span == b.span }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(file)); h.combine(span) }
}
