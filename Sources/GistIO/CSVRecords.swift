import Foundation
import CSV
import Gist

/// Case records from CSV (RFC 4180, comma-separated, fields may be quoted).
///
/// The first non-blank row is the header: its fields, trimmed, are the field names. Every
/// later non-blank row is a record (a row whose fields are all blank is skipped, like an
/// empty line); its values are `.string(trimmed)` for non-empty fields and `.null` for empty
/// ones: the core converts strings by the input's type and splits sets on `;`. A row with more
/// or fewer fields than the header is a `RecordError`; the other rows still come.
///
/// Record numbers count data rows; the location's line is the physical line where the row
/// starts, also when quoted fields span lines. CSV.swift does not report positions, so
/// lines are counted here: with `trimFields` on, every line break of the input either ends a
/// row or is kept verbatim inside a field, so a row spans 1 + (line breaks in its fields)
/// lines. Both LF and CRLF line endings are accepted.
enum CSVRecords {
    static func read(text: String, file: String) throws(RecordFileError) -> [Result<RawRecord, RecordError>] {
        // One CSV reader: a whole text goes through the streaming one.
        let stream = RecordStream(csvText: text, file: file)
        var results: [Result<RawRecord, RecordError>] = []
        while let r = try stream.next() { results.append(r) }
        return results
    }

    /// Line breaks in a field: CRLF, a lone CR and a lone LF each count once.
    static func lineBreaks(in field: String) -> Int {
        var count = 0
        var previousWasCR = false
        for scalar in field.unicodeScalars {
            switch scalar {
            case "\r":
                count += 1
                previousWasCR = true
            case "\n":
                if !previousWasCR { count += 1 }
                previousWasCR = false
            default:
                previousWasCR = false
            }
        }
        return count
    }

    static func trim(_ field: String) -> String {
        field.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
