import Gist

/// Case records from JSON Lines: one object per non-blank line. The record number counts
/// non-blank lines; the location's line is the physical line. A line that is not valid JSON,
/// or not an object, is a `RecordError` and reading goes on with the next line.
/// Lines end with LF or CRLF. The one reader of the format: whole texts here, files chunk by
/// chunk (`LineChunkReader`) in `RecordStream` and `gist run`'s workers.
enum JSONLinesRecords {
    static func read(text: String, file: String) -> [Result<RawRecord, RecordError>] {
        let chunk = LineChunk(storage: ByteBuffer(Array(text.utf8)), firstLine: 1, firstRecord: 1, records: 0)
        return ChunkLines(chunk).filter { $0.record > 0 }.map {
            JSONLineRecord.parse(chunk.bytes, $0.range, line: $0.line, record: $0.record, file: file)
        }
    }
}

/// The lines of a chunk with their numbers, for readers of JSON Lines.
public struct ChunkLines: Sequence {
    public let chunk: LineChunk

    public init(_ chunk: LineChunk) { self.chunk = chunk }

    public struct Line {
        /// Offsets of the line's bytes in the chunk (without the line break).
        public var range: Range<Int>
        public var line: Int
        /// Record number; 0 for a blank line.
        public var record: Int
    }

    public func makeIterator() -> Iterator { Iterator(chunk: chunk) }

    public struct Iterator: IteratorProtocol {
        let chunk: LineChunk
        var start = 0
        var line: Int
        var record: Int

        init(chunk: LineChunk) {
            self.chunk = chunk
            line = chunk.firstLine
            record = chunk.firstRecord
        }

        public mutating func next() -> Line? {
            let count = chunk.bytes.count
            guard start < count else { return nil }
            var end = count
            var blank = true
            chunk.bytes.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { return }
                end = LineChunkReader.lineEnd(base, start, count)
                blank = LineChunkReader.isBlank(base, start, end)
            }
            let result = Line(range: start..<end, line: line, record: blank ? 0 : record)
            start = end + 1
            line += 1
            if !blank { record += 1 }
            return result
        }
    }
}

/// One line of JSON Lines.
public enum JSONLineRecord {
    /// For a line of a chunk that is not all UTF-8: the error if this line is not, with the
    /// column (in characters) of its first bad byte.
    public static func utf8Error(_ chunk: LineChunk, _ line: ChunkLines.Line, file: String) -> RecordError? {
        guard !chunk.isUTF8 else { return nil }
        return chunk.storage.bytes.withUnsafeBufferPointer { b -> RecordError? in
            guard let base = b.baseAddress else { return nil }
            let text = UnsafeBufferPointer(start: base + line.range.lowerBound, count: line.range.count)
            guard let bad = firstInvalidUTF8(text) else { return nil }
            let column = String(decoding: UnsafeBufferPointer(rebasing: text[0..<bad]), as: UTF8.self).unicodeScalars.count + 1
            return RecordError(location: RecordLocation(file: file, record: line.record, line: line.line),
                               message: "not valid UTF-8 at column \(column) (byte 0x\(String(text[bad], radix: 16, uppercase: true)))")
        }
    }

    /// Offset of the first byte that does not start or continue a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let (n, low, high): (Int, UInt8, UInt8)
            switch c {
            case 0xC2...0xDF: (n, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (n, low, high) = (3, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (n, low, high) = (3, 0x80, 0xBF)
            case 0xED: (n, low, high) = (3, 0x80, 0x9F)
            case 0xF0: (n, low, high) = (4, 0x90, 0xBF)
            case 0xF1...0xF3: (n, low, high) = (4, 0x80, 0xBF)
            case 0xF4: (n, low, high) = (4, 0x80, 0x8F)
            default: return i
            }
            guard i + n <= b.count, b[i + 1] >= low, b[i + 1] <= high else { return i }
            for k in 2..<n {
                guard b[i + k] >= 0x80, b[i + k] <= 0xBF else { return i }
            }
            i += n
        }
        return nil
    }

    /// The non-blank line `bytes[range]` as a record, exactly as `RecordReader` reads it.
    public static func parse(_ bytes: [UInt8], _ range: Range<Int>, line: Int, record: Int, file: String) -> Result<RawRecord, RecordError> {
        let location = RecordLocation(file: file, record: record, line: line)
        var parser = JSONValueParser(bytes: bytes, start: range.lowerBound, end: range.upperBound, firstLine: line)
        do {
            let value = try parser.parseDocument()
            if case .object(let members) = value {
                return .success(RawRecord(fields: members.map { (name: $0.0, value: $0.1) }, location: location))
            }
            return .failure(RecordError(location: location, message: "record is \(value.kindDescription), not an object"))
        } catch {
            return .failure(RecordError(location: location, message: "invalid JSON at column \(error.column): \(error.message)"))
        }
    }
}
