import Gist

/// Case records from a JSON document: one object (one record) or an array of objects
/// (records 1…n, each located at the line where its element starts).
///
/// Parsed with `JSONValueParser`, so members keep their file order and duplicate keys are
/// kept; booleans are `.bool`, numbers `.number`.
enum JSONRecords {
    static func read(text: String, file: String) throws(RecordFileError) -> [Result<RawRecord, RecordError>] {
        let stream = JSONRecordStream(bytes: Array(text.utf8), file: file)
        var results: [Result<RawRecord, RecordError>] = []
        while let r = try stream.next() { results.append(r) }
        return results
    }
}

/// The records of a JSON document one at a time: an array is parsed element by element, so
/// only the file's bytes and one record are in memory at once. A syntax error anywhere makes
/// the rest of the file unreadable (`RecordFileError`), after the records before it.
final class JSONRecordStream {
    var parser: JSONValueParser
    let file: String
    var count = 0
    enum State { case start, inArray, done }
    var state = State.start

    init(bytes: [UInt8], file: String) {
        parser = JSONValueParser(bytes: bytes)
        self.file = file
    }

    func next() throws(RecordFileError) -> Result<RawRecord, RecordError>? {
        do {
            switch state {
            case .done:
                return nil
            case .start:
                parser.skipWhitespace()
                guard let first = parser.current else {
                    throw RecordFileError(path: file, message: "empty file")
                }
                if first == UInt8(ascii: "[") {
                    parser.advance()
                    parser.skipWhitespace()
                    if parser.current == UInt8(ascii: "]") {
                        parser.advance()
                        try parser.expectEnd()
                        state = .done
                        return nil
                    }
                    state = .inArray
                    return try element()
                }
                state = .done
                let line = parser.line
                let value = try parser.parseValue(depth: 0)
                try parser.expectEnd()
                guard case .object(let members) = value else {
                    throw RecordFileError(path: file, message: "a JSON case file must hold an object or an array "
                        + "of objects, not \(value.kindDescription)")
                }
                return .success(RawRecord(fields: members.map { (name: $0.0, value: $0.1) },
                                          location: RecordLocation(file: file, record: 1, line: line)))
            case .inArray:
                parser.skipWhitespace()
                switch parser.current {
                case UInt8(ascii: ","):
                    parser.advance()
                    return try element()
                case UInt8(ascii: "]"):
                    parser.advance()
                    try parser.expectEnd()
                    state = .done
                    return nil
                default:
                    throw parser.error("unexpected \(parser.describeCurrent()), expected ',' or ']' in an array")
                }
            }
        } catch let error as JSONSyntaxError {
            state = .done
            throw RecordFileError(path: file, message: "invalid JSON at \(error)")
        } catch let error as RecordFileError {
            state = .done
            throw error
        } catch {
            state = .done
            throw RecordFileError(path: file, message: "\(error)")
        }
    }

    /// The array element at the parser, as a record.
    func element() throws -> Result<RawRecord, RecordError> {
        parser.skipWhitespace()
        count += 1
        let location = RecordLocation(file: file, record: count, line: parser.line)
        let value = try parser.parseValue(depth: 1)
        if case .object(let members) = value {
            return .success(RawRecord(fields: members.map { (name: $0.0, value: $0.1) }, location: location))
        }
        return .failure(RecordError(location: location, message: "record is \(value.kindDescription), not an object"))
    }
}
