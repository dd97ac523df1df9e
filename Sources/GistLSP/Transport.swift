import Foundation

/// The base protocol's framing: each message is `Content-Length: N` (and optionally other
/// headers), a blank line, then N bytes of JSON.
final class MessageReader {
    let input: FileHandle
    var buffer: [UInt8] = []
    /// A message longer than this is refused (the reader stops): no client sends one.
    static let maxLength = 64 << 20

    enum Failure: Error, CustomStringConvertible {
        case badHeader(String), tooLong(Int)
        var description: String {
            switch self {
            case .badHeader(let h): return "malformed message header: \(h)"
            case .tooLong(let n): return "message of \(n) bytes is longer than \(MessageReader.maxLength)"
            }
        }
    }

    init(_ input: FileHandle) { self.input = input }

    /// The next message's body; nil at the end of input.
    func next() throws(Failure) -> Data? {
        var length: Int?
        while true {
            guard let line = readLine() else { return nil }
            if line.isEmpty { break }
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { throw .badHeader(line) }
            if parts[0].lowercased() == "content-length" {
                guard let n = Int(parts[1].trimmingCharacters(in: .whitespaces)), n >= 0 else { throw .badHeader(line) }
                length = n
            }
        }
        guard let length else { throw .badHeader("no Content-Length") }
        guard length <= Self.maxLength else { throw .tooLong(length) }
        while buffer.count < length {
            guard fill() else { return nil }
        }
        let body = Data(buffer[..<length])
        buffer.removeFirst(length)
        return body
    }

    /// A header line without its CRLF; nil at the end of input.
    func readLine() -> String? {
        while true {
            if let nl = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[..<nl]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                buffer.removeFirst(nl + 1)
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count < 8192, fill() else { return nil }
        }
    }

    func fill() -> Bool {
        let data = input.availableData
        if data.isEmpty { return false }
        buffer.append(contentsOf: data)
        return true
    }
}

/// Writes framed messages; several threads may send (the analyses publish from their own).
final class MessageWriter: @unchecked Sendable {
    let output: FileHandle
    let lock = NSLock()
    let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    init(_ output: FileHandle) { self.output = output }

    func send<T: Encodable>(_ message: T) {
        lock.lock()
        defer { lock.unlock() }
        guard let body = try? encoder.encode(message) else { return }
        output.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    func notify<P: Encodable>(_ method: String, _ params: P) {
        send(Notification(method: method, params: params))
    }
}
