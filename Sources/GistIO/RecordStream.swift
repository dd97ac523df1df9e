import CSV
import Foundation
import Gist

/// A run of whole lines of a file, read with a bounded buffer: the unit of streaming for
/// JSON Lines.
public struct LineChunk: Sendable {
    /// Holds `bytes` (and may go back to a pool once the chunk is done with).
    public let storage: ByteBuffer
    /// Whole lines; the last one may lack its line break (at the end of the file).
    public var bytes: [UInt8] { storage.bytes }
    /// 1-based line number of the first line.
    public var firstLine: Int
    /// Record number (non-blank lines before, plus one) of the first non-blank line.
    public var firstRecord: Int
    /// Non-blank lines in the chunk.
    public var records: Int
    /// The whole chunk is UTF-8 (else some lines are not: see `JSONLineRecord.utf8Error`).
    public var isUTF8: Bool = true
}

/// Reads a file as chunks of whole lines (about `chunkSize` bytes each; a longer line makes a
/// longer chunk), so memory stays flat whatever the file's size. A leading byte-order mark is
/// skipped. A chunk that is not all UTF-8 says so (`isUTF8`); its readers then check line by
/// line, so a bad byte costs its record only — unless most of the chunk's lines are not UTF-8
/// (binary data): then the file is unreadable from there (`RecordFileError`).
public final class LineChunkReader {
    let fd: Int32
    let path: String
    let chunkSize: Int
    /// Read bytes: buffer[0..<filled] not yet handed out (ending in a partial last line).
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var filled = 0
    /// Offset just after the last "\n" in buffer[0..<filled] (0: none).
    var lastBreak = 0
    var atEOF = false
    var started = false
    var nextLine = 1
    var nextRecord = 1
    /// Non-blank lines so far that are not UTF-8.
    var badLines = 0
    /// Where chunk buffers come from (their users may give them back).
    public var pool: BufferPool?

    /// `displayPath` names the file in errors.
    public init(path: String, displayPath: String? = nil, chunkSize: Int = 1 << 20) throws(RecordFileError) {
        let shown = displayPath ?? path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RecordFileError(path: shown, message: "no such file or directory")
        }
        if isDirectory.boolValue { throw RecordFileError(path: shown, message: "is a directory") }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw RecordFileError(path: shown, message: "cannot read the file: \(String(cString: strerror(errno)))") }
        self.fd = fd
        self.path = shown
        self.chunkSize = max(chunkSize, 1)
        capacity = 2 * self.chunkSize
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// The next chunk, or nil at the end of the file.
    public func next() throws(RecordFileError) -> LineChunk? {
        while true {
            // Hand out everything up to the last line break once a chunk's worth is buffered
            // (or everything at the end of the file).
            if filled >= chunkSize || atEOF {
                if lastBreak > 0 { return try take(lastBreak) }
                if atEOF { return filled == 0 ? nil : try take(filled) }
            }
            try fill()
        }
    }

    /// Reads at least a chunk's worth more (or to the end of the file).
    func fill() throws(RecordFileError) {
        if capacity < filled + chunkSize {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(2 * capacity, filled + chunkSize))
            bigger.update(from: buffer, count: filled)
            buffer.deallocate()
            buffer = bigger
            capacity = max(2 * capacity, filled + chunkSize)
        }
        let before = filled
        let target = filled + chunkSize
        while filled < target {
            let n = read(fd, buffer + filled, capacity - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw RecordFileError(path: path, message: "cannot read the file: \(String(cString: strerror(errno)))")
            }
            if n == 0 {
                atEOF = true
                break
            }
            filled += n
        }
        var from = before
        if !started, filled >= 3 || atEOF {
            started = true
            if filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                (buffer + 0).update(from: buffer + 3, count: filled - 3)
                filled -= 3
                from = 0
            }
        }
        // Only the new bytes need searching for a later line break.
        var k = filled
        while k > from {
            if buffer[k - 1] == 0x0A {
                lastBreak = k
                return
            }
            k -= 1
        }
    }

    func take(_ end: Int) throws(RecordFileError) -> LineChunk {
        let storage = pool?.take() ?? ByteBuffer()
        storage.edit { $0.append(contentsOf: UnsafeBufferPointer(start: buffer, count: end)) }
        let bytes = storage.bytes
        buffer.update(from: buffer + end, count: filled - end)
        filled -= end
        lastBreak = 0
        let valid = Self.isUTF8(bytes)
        var lines = 0, records = 0
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            var start = 0
            while start < b.count {
                let end = Self.lineEnd(base, start, b.count)
                lines += 1
                if !Self.isBlank(base, start, end) { records += 1 }
                start = end + 1
            }
        }
        if !valid {
            // Binary data, not text with a bad byte here and there (most lines so far are not
            // UTF-8): the file is unreadable from here.
            badLines += Self.linesNotUTF8(bytes)
            if badLines * 2 > nextRecord - 1 + records {
                throw RecordFileError(path: path, message: "not valid UTF-8 text")
            }
        }
        var chunk = LineChunk(storage: storage, firstLine: nextLine, firstRecord: nextRecord, records: records)
        chunk.isUTF8 = valid
        nextLine += lines
        nextRecord += records
        return chunk
    }

    /// The offset of the line break ending the line that starts at `start` (or `count`).
    @inline(__always) static func lineEnd(_ base: UnsafePointer<UInt8>, _ start: Int, _ count: Int) -> Int {
        guard let hit = memchr(base + start, 0x0A, count - start) else { return count }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether bytes start..<end are all blanks (space, tab, CR).
    @inline(__always) static func isBlank(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var k = start
        while k < end {
            let c = base[k]
            if c != 0x20, c != 0x09, c != 0x0D { return false }
            k += 1
        }
        return true
    }

    /// Non-blank lines that are not UTF-8.
    static func linesNotUTF8(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return 0 }
            var start = 0, bad = 0
            while start < b.count {
                let end = lineEnd(base, start, b.count)
                if !isBlank(base, start, end) {
                    if JSONLineRecord.firstInvalidUTF8(UnsafeBufferPointer(start: base + start, count: end - start)) != nil { bad += 1 }
                }
                start = end + 1
            }
            return bad
        }
    }

    /// Strict UTF-8, with a fast check for ASCII-only text.
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        let ascii = bytes.withUnsafeBytes { raw -> Bool in
            var k = 0
            let n = raw.count
            var acc: UInt64 = 0
            while k + 8 <= n {
                acc |= raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                k += 8
            }
            while k < n {
                acc |= UInt64(raw[k])
                k += 1
            }
            return acc & 0x8080_8080_8080_8080 == 0
        }
        return ascii || String(validating: bytes, as: UTF8.self) != nil
    }
}

/// Case records of one file, one at a time: JSON Lines and CSV are read as they go with a
/// bounded buffer; JSON and YAML documents are read whole but parsed record by record (a YAML
/// file that is not a plain list is parsed whole, up to `YAMLRecords.maxFileSize`). Records
/// come in file order;
/// a `RecordError` is one record skipped, a thrown `RecordFileError` the file as a whole (or,
/// for a streamed file, the rest of it) unreadable.
public final class RecordStream {
    enum Source {
        case lines(LineChunkReader, ChunkLines.Iterator?)
        case csv(CSVChunkReader, CSVReader?)
        case yaml(YAMLRecordStream)
        case json(JSONRecordStream)
    }

    var source: Source
    let file: String
    // CSV state.
    var header: [String]?
    var csvLine = 1
    var csvRecord = 0

    /// CSV records of a whole text, exactly as a file of it is read.
    init(csvText: String, file: String) {
        self.file = file
        source = .csv(CSVChunkReader(text: csvText), nil)
    }

    /// Opens a file, choosing the format by its extension; `displayPath` names it in locations.
    /// `chunkSize`: bytes read at a time from streamed formats.
    public init(path: String, displayPath: String? = nil, chunkSize: Int = 1 << 20) throws(RecordFileError) {
        let shown = displayPath ?? path
        file = shown
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RecordFileError(path: shown, message: "no such file or directory")
        }
        if isDirectory.boolValue { throw RecordFileError(path: shown, message: "is a directory") }
        guard let format = RecordFormat(path: path) else {
            throw RecordFileError(path: shown, message: "unknown file extension (expected "
                + ".json, .jsonl, .ndjson, .yaml, .yml or .csv)")
        }
        switch format {
        case .jsonl:
            source = .lines(try LineChunkReader(path: path, displayPath: shown, chunkSize: chunkSize), nil)
        case .csv:
            source = .csv(try CSVChunkReader(path: path, displayPath: shown, chunkSize: chunkSize), nil)
        case .json:
            // The file's bytes and one record at a time: memory about the file's size.
            source = .json(JSONRecordStream(bytes: try RecordReader.utf8Bytes(path, shown), file: shown))
        case .yaml:
            // The file's bytes and one record at a time, as for JSON.
            source = .yaml(try YAMLRecordStream(bytes: try RecordReader.utf8Bytes(path, shown), file: shown))
        }
    }

    /// The next record, or nil at the end.
    public func next() throws(RecordFileError) -> Result<RawRecord, RecordError>? {
        switch source {
        case .json(let stream):
            return try stream.next()
        case .yaml(let stream):
            return stream.next()
        case .lines(let reader, var lines):
            while true {
                if lines == nil {
                    guard let chunk = try reader.next() else { return nil }
                    lines = ChunkLines(chunk).makeIterator()
                }
                while let l = lines?.next() {
                    guard l.record > 0, let chunk = lines?.chunk else { continue }
                    source = .lines(reader, lines)
                    if let e = JSONLineRecord.utf8Error(chunk, l, file: file) { return .failure(e) }
                    return JSONLineRecord.parse(chunk.bytes, l.range, line: l.line, record: l.record, file: file)
                }
                lines = nil
                source = .lines(reader, nil)
            }
        case .csv(let chunks, var reader):
            while true {
                if reader == nil {
                    let text: String
                    switch try chunks.next() {
                    case nil:
                        if header == nil { throw RecordFileError(path: file, message: "no header row") }
                        return nil
                    case .brokenRow(let message)?:
                        // One physical line, skipped: reading goes on with the next.
                        guard header != nil else { throw RecordFileError(path: file, message: "the header row: \(message)") }
                        csvRecord += 1
                        let location = RecordLocation(file: file, record: csvRecord, line: csvLine)
                        csvLine += 1
                        return .failure(RecordError(location: location, message: message))
                    case .rows(let rows)?:
                        text = rows
                    }
                    do {
                        reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: true)
                    } catch {
                        throw RecordFileError(path: file, message: "cannot read CSV: \(error)")
                    }
                }
                if let reader, let r = try nextCSV(reader) {
                    source = .csv(chunks, reader)
                    return r
                }
                reader = nil
                source = .csv(chunks, nil)
            }
        }
    }

    /// `CSVRecords.trim`, without going through Foundation when there is nothing to trim (a
    /// field that starts and ends with a visible ASCII character).
    static func trim(_ field: String) -> String {
        let u = field.utf8
        if u.isEmpty { return field }
        if let first = u.first, let last = u.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return field }
        return CSVRecords.trim(field)
    }

    /// As `CSVRecords.read`, row by row (nil at the end of the chunk).
    func nextCSV(_ reader: CSVReader) throws(RecordFileError) -> Result<RawRecord, RecordError>? {
        while let row = reader.next() {
            let rowLine = csvLine
            csvLine += 1 + row.reduce(0) { $0 + CSVRecords.lineBreaks(in: $1) }
            let trimmed = row.map(Self.trim)
            if trimmed.allSatisfy(\.isEmpty) { continue }
            guard let names = header else {
                header = trimmed
                continue
            }
            csvRecord += 1
            let location = RecordLocation(file: file, record: csvRecord, line: rowLine)
            guard trimmed.count == names.count else {
                return .failure(RecordError(location: location,
                    message: "row has \(trimmed.count) field\(trimmed.count == 1 ? "" : "s"), header has \(names.count)"))
            }
            let fields = zip(names, trimmed).map { name, value in
                (name: name, value: value.isEmpty ? RawValue.null : .string(value))
            }
            return .success(RawRecord(fields: fields, location: location))
        }
        if let error = reader.error { throw RecordFileError(path: file, message: "cannot read CSV: \(error)") }
        return nil
    }
}

/// Reads a CSV file as texts of whole rows (about `chunkSize` bytes each), each parsed on its
/// own by the CSV reader exactly as the whole file would be: a text ends only after a line
/// break that ends a row, which a small state machine mirroring the reader's quoting rules
/// (fields trimmed, a field is quoted when its first non-blank character is a double quote)
/// finds. A leading byte-order mark is skipped; a chunk that is not UTF-8 throws.
///
/// A stray double quote would otherwise swallow the rest of the file into one field: a quote
/// that is never closed (by the end of the file, or within `maxRowBytes`) or text after a
/// closing quote makes the row's first line a broken row, and reading goes on with the line
/// after it.
public final class CSVChunkReader {
    /// Nil when reading a whole text.
    let lines: LineChunkReader?
    var pending: [UInt8] = []
    /// Scanner state at the end of `pending`.
    var state = State.fieldStart
    /// Offset in `pending` just after the last line break that ends a row (where the row being
    /// scanned starts).
    var boundary = 0
    var scanned = 0
    var finished = false
    /// A broken row found at `boundary`: its message.
    var broken: String?
    let chunkSize: Int
    /// A quoted field longer than this is taken as a quote that is never closed.
    public static let maxRowBytes = 1 << 20

    enum State { case fieldStart, unquoted, unquotedCR, quoted, afterQuote, afterQuoteCR }

    /// Rows to parse, or a line that is a broken row (with what is wrong with it).
    public enum Piece: Equatable { case rows(String), brokenRow(String) }

    public init(path: String, displayPath: String? = nil, chunkSize: Int = 1 << 20) throws(RecordFileError) {
        lines = try LineChunkReader(path: path, displayPath: displayPath, chunkSize: chunkSize)
        self.chunkSize = chunkSize
    }

    /// A whole text (a leading byte-order mark already removed).
    init(text: String) {
        lines = nil
        chunkSize = .max
        pending = Array(text.utf8)
        finished = true
        scan()
    }

    /// The next text of whole rows or broken row, or nil at the end.
    public func next() throws(RecordFileError) -> Piece? {
        if let message = broken, boundary == 0 {
            skipBrokenLine()
            return .brokenRow(message)
        }
        while broken == nil && !finished && boundary < chunkSize {
            guard let chunk = try lines?.next() else {
                finished = true
                break
            }
            // CSV rows may span lines: a chunk with a byte that is not UTF-8 ends the file.
            guard chunk.isUTF8 else { throw RecordFileError(path: lines?.path ?? "", message: "not valid UTF-8 text") }
            pending.append(contentsOf: chunk.bytes)
            scan()
            if broken == nil, state == .quoted, pending.count - boundary > Self.maxRowBytes {
                broken = unclosed(limit: true)
            }
        }
        if broken == nil, finished, state == .quoted { broken = unclosed(limit: false) }
        if broken != nil, boundary == 0 { return try next() }
        let end = finished && broken == nil ? pending.count : boundary
        guard end > 0 else { return nil }
        let text = String(decoding: pending[0..<end], as: UTF8.self)
        pending.removeFirst(end)
        scanned -= end
        boundary = finished && broken == nil ? 0 : boundary - end
        return .rows(text)
    }

    /// The broken row's message for a quote open from `boundary` to the end of `pending`.
    func unclosed(limit: Bool) -> String {
        let tail = pending[boundary...]
        let breaks = tail.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let lines = breaks + (tail.last == 0x0A ? 0 : 1)
        return "a double quote opens a field that is never closed (it would take in \(lines) line\(lines == 1 ? "" : "s"), "
            + (limit ? "more than \(Self.maxRowBytes >> 20) MB" : "to the end of the file") + "); the line is skipped"
    }

    /// Drops the broken row's first line (at the start of `pending`) and scans again after it.
    func skipBrokenLine() {
        let end = pending.firstIndex(of: 0x0A).map { $0 + 1 } ?? pending.count
        pending.removeFirst(end)
        broken = nil
        state = .fieldStart
        scanned = 0
        boundary = 0
        scan()
    }

    static let whitespaces = CharacterSet.whitespaces

    /// Advances the state machine over the unscanned bytes, noting row ends at line breaks;
    /// stops at a broken row.
    func scan() {
        guard broken == nil else { return }
        let n = pending.count
        var i = scanned
        while i < n {
            let b = pending[i]
            switch state {
            case .fieldStart, .afterQuote:
                // Blanks are skipped (as the reader trims); they may be non-ASCII.
                var width = 1
                if b == 0x20 || b == 0x09 { i += 1; continue }
                if b >= 0x80 {
                    let (scalar, w) = Self.decode(pending, i)
                    width = w
                    if let scalar, Self.whitespaces.contains(scalar) { i += width; continue }
                }
                if state == .fieldStart {
                    state = b == 0x22 ? .quoted : .unquoted
                    if state == .quoted { i += 1 }
                    continue  // an unquoted field's first character is read again as content
                }
                // After a closing quote: a row end, a field end, an escaped quote or junk.
                switch b {
                case 0x0D: state = .afterQuoteCR
                case 0x0A: state = .fieldStart; boundary = i + 1
                case 0x2C: state = .fieldStart
                case 0x22: state = .quoted  // "" is a quote
                default:
                    // Text after a closing quote (`"1.5"x`, or a stray quote closed lines later).
                    let spanned = pending[boundary..<i].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                    broken = spanned == 0 ? "text after a closing double quote; the line is skipped"
                        : "a double quote opens a field that is not closed properly (it takes in \(spanned + 1) lines); the line is skipped"
                    scanned = i
                    return
                }
                i += width
            case .unquoted:
                switch b {
                case 0x0D: state = .unquotedCR
                case 0x0A: state = .fieldStart; boundary = i + 1
                case 0x2C: state = .fieldStart
                default: break
                }
                i += 1
            case .unquotedCR, .afterQuoteCR:
                // The row ended at CR; an LF right after belongs to it.
                state = .fieldStart
                if b == 0x0A {
                    boundary = i + 1
                    i += 1
                }
            case .quoted:
                if b == 0x22 { state = .afterQuote }
                i += 1
            }
        }
        scanned = n
    }

    /// One UTF-8 scalar at `i` and its length (nil if malformed).
    static func decode(_ bytes: [UInt8], _ i: Int) -> (Unicode.Scalar?, Int) {
        let lead = bytes[i]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard i + length <= bytes.count, length > 1 else { return (nil, 1) }
        var value = UInt32(lead) & (0xFF >> UInt32(length + 1))
        for k in 1..<length { value = value << 6 | (UInt32(bytes[i + k]) & 0x3F) }
        return (Unicode.Scalar(value), length)
    }
}
