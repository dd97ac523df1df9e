import Gist

/// Case records from JSON Lines: one object per non-blank line. The record number counts
/// non-blank lines; the location's line is the physical line. A line that is not valid JSON,
/// or not an object, is a `RecordError` and reading goes on with the next line.
/// Lines end with LF or CRLF.
enum JSONLinesRecords {
    static func read(text: String, file: String) -> [Result<RawRecord, RecordError>] {
        let bytes = Array(text.utf8)
        var results: [Result<RawRecord, RecordError>] = []
        var lineNumber = 0
        var lineStart = 0
        while lineStart < bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            let isBlank = bytes[lineStart..<lineEnd].allSatisfy {
                $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r")
            }
            if isBlank { continue }
            let location = RecordLocation(file: file, record: results.count + 1, line: lineNumber)
            var parser = JSONValueParser(bytes: bytes, start: lineStart, end: lineEnd, firstLine: lineNumber)
            do {
                let value = try parser.parseDocument()
                if case .object(let members) = value {
                    results.append(.success(RawRecord(fields: members.map { (name: $0.0, value: $0.1) },
                                                      location: location)))
                } else {
                    results.append(.failure(RecordError(location: location,
                                                        message: "record is \(value.kindDescription), not an object")))
                }
            } catch {
                results.append(.failure(RecordError(location: location,
                                                    message: "invalid JSON at column \(error.column): \(error.message)")))
            }
        }
        return results
    }
}
