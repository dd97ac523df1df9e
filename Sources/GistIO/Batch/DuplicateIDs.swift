import Gist

/// Finds ids given to more than one record of a run (two patients under one id would be
/// confused downstream). Ids are kept as 64-bit hashes of their text with the first record's
/// location, for the first `limit` records with an id, so memory stays bounded on huge runs;
/// a repeat is reported with both locations, without the id itself (it may be anything).
struct DuplicateIDs {
    /// An id as a worker saw it: its hash and where the record is.
    struct Seen {
        var hash: UInt64
        var line: Int?
        var record: Int
    }

    struct First {
        var file: Int32
        var line: Int32
        var record: Int
    }

    static let limit = 1_000_000
    /// Warnings shown; the others are counted.
    static let maxShown = 100

    var files: [String] = []
    var fileIndex: [String: Int32] = [:]
    var firsts: [UInt64: First] = [:]
    var duplicates = 0
    var full = false

    /// The warnings for the ids of one work item (all from `file`).
    mutating func check(_ ids: [Seen], file: String) -> String {
        guard !ids.isEmpty else { return "" }
        let index: Int32
        if let k = fileIndex[file] { index = k } else {
            index = Int32(files.count)
            files.append(file)
            fileIndex[file] = index
        }
        var out = ""
        for id in ids {
            if let first = firsts[id.hash] {
                duplicates += 1
                if duplicates <= Self.maxShown {
                    let here = RecordLocation(file: file, record: id.record, line: id.line)
                    let there = RecordLocation(file: files[Int(first.file)], record: first.record, line: first.line < 0 ? nil : Int(first.line))
                    out += "warning: \(here): the same id as \(there)".escapingControlCharacters + "\n"
                }
            } else if firsts.count < Self.limit {
                firsts[id.hash] = First(file: index, line: Int32(clamping: id.line ?? -1), record: id.record)
            } else {
                full = true
            }
        }
        return out
    }

    /// What is left to say at the end of the run.
    var summary: String? {
        var parts: [String] = []
        if duplicates > Self.maxShown { parts.append("warning: \(duplicates) records repeat an earlier id (\(Self.maxShown) shown)") }
        if full { parts.append("note: duplicate ids were looked for among the first \(Self.limit) ids only") }
        return parts.isEmpty ? nil : parts.joined(separator: "\n")
    }

    /// FNV-1a over the id's UTF-8 bytes.
    static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}
