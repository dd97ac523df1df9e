import Foundation
import Gist

/// A JSON syntax error: where it is (1-based line and column) and what is wrong.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

extension RawValue {
    /// Parses one JSON value (RFC 8259) into a `RawValue`.
    ///
    /// Objects keep their members in file order, duplicates included; `true`/`false` become
    /// `.bool` and every number becomes `.number(Double)`.
    public init(json text: String) throws(JSONSyntaxError) {
        var parser = JSONValueParser(bytes: Array(text.utf8))
        self = try parser.parseDocument()
    }
}

/// A small JSON parser over UTF-8 bytes that yields `RawValue` directly.
///
/// Foundation's `JSONSerialization` is not used on purpose: it loses the order of object
/// members and drops duplicate keys (both of which the case binder wants to see), and on
/// Linux it returns `NSNumber` for booleans and numbers alike. Parsing ourselves also gives
/// the line on which each value starts, so records in a JSON array get real line numbers.
///
/// The input is assumed to be valid UTF-8 (it comes from a Swift `String`). Nesting is
/// limited to `maxDepth` levels so hostile input cannot exhaust the stack.
struct JSONValueParser {
    static let maxDepth = 512

    let bytes: [UInt8]
    /// Next byte to read.
    private(set) var index: Int
    /// End of the region being parsed (exclusive).
    let end: Int
    /// 1-based line of `index`.
    private(set) var line: Int
    /// Offset of the first byte of the current line.
    private var lineStart: Int

    init(bytes: [UInt8], start: Int = 0, end: Int? = nil, firstLine: Int = 1) {
        self.bytes = bytes
        self.index = start
        self.end = min(end ?? bytes.count, bytes.count)
        self.line = firstLine
        self.lineStart = start
    }

    // MARK: - Entry points

    /// Parses exactly one value surrounded by optional whitespace.
    mutating func parseDocument() throws(JSONSyntaxError) -> RawValue {
        skipWhitespace()
        guard index < end else { throw error("empty input") }
        let value = try parseValue(depth: 0)
        try expectEnd()
        return value
    }

    /// After the last value: only whitespace may follow.
    mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        if index < end {
            throw error("unexpected \(describeCurrent()) after the JSON value")
        }
    }

    var isAtEnd: Bool { index >= end }

    var current: UInt8? { index < end ? bytes[index] : nil }

    mutating func advance() {
        if index < end {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
    }

    mutating func skipWhitespace() {
        while index < end {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            default:
                return
            }
        }
    }

    // MARK: - Values

    mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> RawValue {
        guard let byte = current else { throw error("unexpected end of input, expected a value") }
        switch byte {
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw error("unexpected \(describeCurrent()), expected a value")
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> RawValue {
        guard depth <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
        advance()  // {
        var members: [(String, RawValue)] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            advance()
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                throw error("unexpected \(describeCurrent()), expected a member name in double quotes")
            }
            let name = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else {
                throw error("unexpected \(describeCurrent()), expected ':' after a member name")
            }
            advance()
            skipWhitespace()
            if name == "id", let c = current, c == UInt8(ascii: "-") || isDigit(c) {
                // A numeric id is kept as written: 9007199254740993 and 00123 name different
                // cases, which the nearest Double would not tell apart.
                let start = index
                _ = try parseNumber()
                members.append((name, .string(String(decoding: bytes[start..<index], as: UTF8.self))))
            } else {
                members.append((name, try parseValue(depth: depth)))
            }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","):
                advance()
            case UInt8(ascii: "}"):
                advance()
                return .object(members)
            default:
                throw error("unexpected \(describeCurrent()), expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> RawValue {
        guard depth <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
        advance()  // [
        var elements: [RawValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            advance()
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","):
                advance()
            case UInt8(ascii: "]"):
                advance()
                return .array(elements)
            default:
                throw error("unexpected \(describeCurrent()), expected ',' or ']' in an array")
            }
        }
    }

    private mutating func parseLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        let matches = end - index >= n && bytes.withUnsafeBufferPointer { b -> Bool in
            guard let base = b.baseAddress else { return false }
            return memcmp(base + index, word.utf8Start, n) == 0
        }
        guard matches else {
            throw error("unexpected \(describeCurrent()), expected a value")
        }
        index += n
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> Double {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        // Integer part: 0 or [1-9][0-9]*
        if current == UInt8(ascii: "0") {
            index += 1
            if let next = current, isDigit(next) {
                throw error("leading zeros are not allowed in a number")
            }
        } else if let next = current, isDigit(next) {
            while let digit = current, isDigit(digit) { index += 1 }
        } else {
            throw error("expected a digit in a number")
        }
        // Fraction
        if current == UInt8(ascii: ".") {
            index += 1
            guard let next = current, isDigit(next) else { throw error("expected a digit after '.' in a number") }
            while let digit = current, isDigit(digit) { index += 1 }
        }
        // Exponent
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let next = current, isDigit(next) else { throw error("expected a digit in a number's exponent") }
            while let digit = current, isDigit(digit) { index += 1 }
        }
        if let value = Self.exactDouble(bytes, start, index) { return value }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            index = start
            throw error("number \(text) is out of range")
        }
        return value
    }

    static let powersOfTen: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// The value of a well-formed JSON number when one multiplication or division gives it
    /// exactly rounded (at most 19 digits, mantissa below 2^53, exponent within ±22); nil to
    /// let `Double(String)` decide.
    static func exactDouble(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Double? {
        var j = start
        var negative = false
        if bytes[j] == UInt8(ascii: "-") { negative = true; j += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var fraction = false
        while j < end {
            let b = bytes[j]
            if b >= 0x30 && b <= 0x39 {
                guard digits < 19 else { return nil }
                mantissa = mantissa * 10 + UInt64(b - 0x30)
                if mantissa != 0 { digits += 1 }
                if fraction { exponent -= 1 }
            } else if b == UInt8(ascii: ".") {
                fraction = true
            } else {
                return nil  // an exponent: leave it to Double(String)
            }
            j += 1
        }
        guard mantissa < (1 << 53), exponent >= -22 else { return nil }
        var x = Double(mantissa)
        if exponent < 0 { x /= powersOfTen[-exponent] }
        return negative ? -x : x
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        advance()  // opening quote
        // Fast path: no escapes before the closing quote; the bytes are the string.
        var j = index
        while j < end {
            let b = bytes[j]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: bytes[index..<j], as: UTF8.self)
                index = j + 1
                return s
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { break }
            j += 1
        }
        var buffer: [UInt8] = Array(bytes[index..<j])
        index = j
        while true {
            guard index < end else { throw error("unterminated string") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                try parseEscape(into: &buffer)
            case 0..<0x20:
                throw error(byte == UInt8(ascii: "\n") ? "unterminated string (line break inside a string)"
                                                        : "control character in a string must be escaped")
            default:
                buffer.append(byte)
                index += 1
            }
        }
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        guard let byte = current else { throw error("unterminated string") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let first = try parseHex4()
            var scalarValue = UInt32(first)
            if (0xD800...0xDBFF).contains(first) {
                // High surrogate: a low surrogate escape must follow.
                guard end - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error("unpaired surrogate in a \\u escape")
                }
                index += 2
                let second = try parseHex4()
                guard (0xDC00...0xDFFF).contains(second) else { throw error("unpaired surrogate in a \\u escape") }
                scalarValue = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(first) {
                throw error("unpaired surrogate in a \\u escape")
            }
            guard let scalar = Unicode.Scalar(scalarValue) else { throw error("invalid \\u escape") }
            buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            index -= 1
            throw error("invalid escape '\\\(String(decoding: [byte], as: UTF8.self))' in a string")
        }
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = current else { throw error("unterminated \\u escape") }
            let digit: UInt16
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt16(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt16(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt16(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in a \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    // MARK: - Errors

    /// 1-based column of `index`, counted in Unicode scalars.
    var column: Int {
        let upTo = max(lineStart, min(index, end))
        return String(decoding: bytes[lineStart..<upTo], as: UTF8.self).unicodeScalars.count + 1
    }

    func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(line: line, column: column, message: message)
    }

    /// "'x'" for the current character, or "end of input".
    func describeCurrent() -> String {
        guard index < end else { return "end of input" }
        // Decode one whole scalar starting here (the input is valid UTF-8).
        var length = 1
        let lead = bytes[index]
        if lead >= 0xF0 { length = 4 } else if lead >= 0xE0 { length = 3 } else if lead >= 0xC0 { length = 2 }
        let slice = bytes[index..<min(end, index + length)]
        let text = String(decoding: slice, as: UTF8.self)
        switch text {
        case "\n": return "line break"
        case "\r": return "carriage return"
        case "\t": return "tab"
        default: return "'\(text)'"
        }
    }
}

extension RawValue {
    /// "an object", "a string", … for messages.
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
