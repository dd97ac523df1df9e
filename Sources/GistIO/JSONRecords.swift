import Gist

/// Case records from a JSON document: one object (one record) or an array of objects
/// (records 1…n, each located at the line where its element starts).
///
/// Parsed with `JSONValueParser`, so members keep their file order and duplicate keys are
/// kept; booleans are `.bool`, numbers `.number`.
enum JSONRecords {
    static func read(text: String, file: String) throws(RecordFileError) -> [Result<RawRecord, RecordError>] {
        var parser = JSONValueParser(bytes: Array(text.utf8))
        do {
            parser.skipWhitespace()
            guard let first = parser.current else {
                throw RecordFileError(path: file, message: "empty file")
            }
            if first == UInt8(ascii: "[") {
                return try readArray(&parser, file: file)
            }
            let line = parser.line
            let value = try parser.parseValue(depth: 0)
            try parser.expectEnd()
            guard case .object(let members) = value else {
                throw RecordFileError(path: file, message: "a JSON case file must hold an object or an array "
                    + "of objects, not \(value.kindDescription)")
            }
            let location = RecordLocation(file: file, record: 1, line: line)
            return [.success(RawRecord(fields: members.map { (name: $0.0, value: $0.1) }, location: location))]
        } catch let error as JSONSyntaxError {
            throw RecordFileError(path: file, message: "invalid JSON at \(error)")
        } catch let error as RecordFileError {
            throw error
        } catch {
            throw RecordFileError(path: file, message: "\(error)")
        }
    }

    /// Reads the top-level array element by element to know each element's line.
    private static func readArray(_ parser: inout JSONValueParser, file: String) throws -> [Result<RawRecord, RecordError>] {
        var results: [Result<RawRecord, RecordError>] = []
        parser.advance()  // [
        parser.skipWhitespace()
        if parser.current == UInt8(ascii: "]") {
            parser.advance()
            try parser.expectEnd()
            return results
        }
        while true {
            parser.skipWhitespace()
            let location = RecordLocation(file: file, record: results.count + 1, line: parser.line)
            let value = try parser.parseValue(depth: 1)
            if case .object(let members) = value {
                results.append(.success(RawRecord(fields: members.map { (name: $0.0, value: $0.1) },
                                                  location: location)))
            } else {
                results.append(.failure(RecordError(location: location,
                                                    message: "record is \(value.kindDescription), not an object")))
            }
            parser.skipWhitespace()
            switch parser.current {
            case UInt8(ascii: ","):
                parser.advance()
            case UInt8(ascii: "]"):
                parser.advance()
                try parser.expectEnd()
                return results
            default:
                throw parser.error("unexpected \(parser.describeCurrent()), expected ',' or ']' in an array")
            }
        }
    }
}
