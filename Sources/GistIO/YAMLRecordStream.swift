import Gist
import Yams

/// The records of a YAML case file, one at a time. A file that is one plain list of records
/// (`- ` items at the left margin, no aliases, at most one leading `---`) is cut at its items
/// and each item is parsed on its own: memory is the file's bytes and one record's tree, and a
/// record with a syntax error is one rejected record while the ones after it still come. Any
/// other file (one mapping, several documents, aliases that may reach across items) is parsed
/// whole, which takes many times its size in memory, so such a file is refused above
/// `YAMLRecords.maxFileSize` (docs/formats.md).
final class YAMLRecordStream {
    private let bytes: [UInt8]
    private let file: String
    /// The items of a plain list: byte range and the line of its `-`; nil when read whole.
    private var items: [(range: Range<Int>, line: Int)]?
    private var nextItem = 0
    private var whole: IndexingIterator<[Result<RawRecord, RecordError>]>?

    /// `bytes`: valid UTF-8 without a byte-order mark.
    init(bytes: [UInt8], file: String) throws(RecordFileError) {
        self.bytes = bytes
        self.file = file
        if let line = YAMLRecords.excessiveNestingLine(bytes) {
            throw RecordFileError(path: file, message: "YAML nested deeper than \(YAMLRecords.maxNesting) levels at line \(line)")
        }
        items = Self.listItems(bytes)
        if items == nil {
            guard bytes.count <= YAMLRecords.maxFileSize else {
                throw RecordFileError(path: file, message: "has \(bytes.count) bytes; a YAML case file that is not one plain "
                    + "list of records (`- ` items, no aliases) is read whole, up to \(YAMLRecords.maxFileSize >> 20) MB: "
                    + "write a larger one as such a list, as JSON or as JSON Lines")
            }
            whole = try YAMLRecords.readWhole(text: String(decoding: bytes, as: UTF8.self), file: file).makeIterator()
        }
    }

    /// The next record, or nil at the end.
    func next() -> Result<RawRecord, RecordError>? {
        if whole != nil { return whole?.next() }
        guard let items, nextItem < items.count else { return nil }
        let item = items[nextItem]
        nextItem += 1
        return YAMLRecords.record(item: String(decoding: bytes[item.range], as: UTF8.self), number: nextItem,
                                  firstLine: item.line, file: file)
    }

    /// The items of a file that is one plain list of records, or nil. Before the first item:
    /// blank lines, comments, directives and one `---`. After it, every line that starts at the
    /// left margin is a new item (`-` then a space or the line's end), a comment or blank;
    /// anything else there (another document, a key, text), or an alias anywhere, and the file
    /// is not cut (it is read whole, which reports what is wrong with it).
    static func listItems(_ bytes: [UInt8]) -> [(range: Range<Int>, line: Int)]? {
        if hasAlias(bytes) { return nil }
        var items: [(range: Range<Int>, line: Int)] = []
        var start = -1, startLine = 0
        var seenDocumentStart = false
        var line = 1
        var i = 0
        let n = bytes.count
        while i < n {
            let end = bytes[i...].firstIndex(of: UInt8(ascii: "\n")) ?? n
            let first = bytes[i]
            let second: UInt8? = i + 1 < end ? bytes[i + 1] : nil
            if first == UInt8(ascii: "-"), second == nil || second == UInt8(ascii: " ") || second == UInt8(ascii: "\t")
                || second == UInt8(ascii: "\r") {
                if start >= 0 { items.append((start..<i, startLine)) }
                start = i
                startLine = line
            } else if isBlankOrComment(bytes[i..<end]) {
                // Part of the item before (or of the preamble).
            } else if start < 0, first == UInt8(ascii: "%") {
                // A directive.
            } else if start < 0, !seenDocumentStart, isDocumentStart(bytes[i..<end]) {
                seenDocumentStart = true
            } else if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                if start < 0 { return nil }  // indented content before the first item
            } else {
                return nil
            }
            i = end + 1
            line += 1
        }
        guard start >= 0 else { return nil }
        items.append((start..<n, startLine))
        return items
    }

    static func isBlankOrComment(_ line: ArraySlice<UInt8>) -> Bool {
        guard let k = line.firstIndex(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") })
        else { return true }
        return line[k] == UInt8(ascii: "#")
    }

    /// `---` alone on its line (trailing spaces or a comment allowed).
    static func isDocumentStart(_ line: ArraySlice<UInt8>) -> Bool {
        line.starts(with: Array("---".utf8)) && isBlankOrComment(line.dropFirst(3))
            && (line.count == 3 || line[line.startIndex + 3] != UInt8(ascii: "#"))
    }

    /// Whether an alias (`*name`) may be used: a `*` after a space, a line break or a flow
    /// indicator and before a name character. Over-estimates (a `*` in a quoted string), which
    /// only means the file is read whole.
    static func hasAlias(_ bytes: [UInt8]) -> Bool {
        var previous = UInt8(ascii: "\n")
        for (k, byte) in bytes.enumerated() {
            defer { previous = byte }
            guard byte == UInt8(ascii: "*") else { continue }
            switch previous {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","):
                break
            default: continue
            }
            guard k + 1 < bytes.count else { continue }
            switch bytes[k + 1] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"),
                 UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                continue
            default: return true
            }
        }
        return false
    }
}
