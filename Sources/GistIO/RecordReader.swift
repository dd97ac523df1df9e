import Foundation
import Gist

/// Reads case records from files in any `RecordFormat`.
///
/// Two levels of failure: a `RecordFileError` (thrown) means the file as a whole cannot be
/// read; a `RecordError` (an element of the result) means one record is skipped while the
/// others still come, in file order.
public enum RecordReader {
    /// Reads every record of a file, choosing the format by the path's extension.
    /// `displayPath` (default: `path`) is the file name used in locations and errors.
    public static func read(path: String, displayPath: String? = nil) throws(RecordFileError) -> [Result<RawRecord, RecordError>] {
        let shown = displayPath ?? path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RecordFileError(path: shown, message: "no such file or directory")
        }
        if isDirectory.boolValue {
            throw RecordFileError(path: shown, message: "is a directory")
        }
        guard let format = RecordFormat(path: path) else {
            throw RecordFileError(path: shown, message: "unknown file extension (expected "
                + ".json, .jsonl, .ndjson, .yaml, .yml or .csv)")
        }
        let text = try decodeUTF8(try bytes(path, shown), file: shown)
        return try read(text: text, format: format, file: shown)
    }

    /// A whole file's bytes.
    static func bytes(_ path: String, _ shown: String) throws(RecordFileError) -> [UInt8] {
        do {
            return try FileBytes.read(path, limit: .max)
        } catch {
            throw RecordFileError(path: shown, message: FileBytes.message(error))
        }
    }

    /// A whole file's bytes, checked to be UTF-8, without a leading byte-order mark.
    static func utf8Bytes(_ path: String, _ shown: String) throws(RecordFileError) -> [UInt8] {
        var bytes = try self.bytes(path, shown)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard LineChunkReader.isUTF8(bytes) else { throw RecordFileError(path: shown, message: "not valid UTF-8 text") }
        return bytes
    }

    /// Reads every record of in-memory text (tests, standard input) in the given format.
    /// `file` is the name used in locations and errors. A leading byte-order mark is ignored.
    public static func read(text: String, format: RecordFormat, file: String) throws(RecordFileError) -> [Result<RawRecord, RecordError>] {
        var text = text
        if text.unicodeScalars.first == "\u{FEFF}" {
            text.unicodeScalars.removeFirst()
        }
        switch format {
        case .json: return try JSONRecords.read(text: text, file: file)
        case .jsonl: return JSONLinesRecords.read(text: text, file: file)
        case .yaml: return try YAMLRecords.read(text: text, file: file)
        case .csv: return try CSVRecords.read(text: text, file: file)
        }
    }

    /// Decodes file bytes as strict UTF-8, without a leading byte-order mark.
    static func decodeUTF8(_ bytes: [UInt8], file: String) throws(RecordFileError) -> String {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw RecordFileError(path: file, message: "not valid UTF-8 text")
        }
        return text
    }

    /// Expands command-line arguments into the files to read. A file is taken as it is
    /// (whatever its extension; reading it then says if the format is unknown). A directory
    /// yields the files under it, recursively, that have a known extension, sorted by path
    /// component by component; hidden entries (names starting with ".") are skipped, and a
    /// symbolic link to a directory is followed once (cycles are not re-entered). A path
    /// that does not exist throws.
    public static func expand(paths: [String]) throws(RecordFileError) -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw RecordFileError(path: path, message: "no such file or directory")
            }
            if isDirectory.boolValue {
                var found: [String] = []
                var visited: Set<String> = []
                try collect(directory: path, into: &found, visited: &visited)
                found.sort { a, b in
                    a.split(separator: "/").lexicographicallyPrecedes(b.split(separator: "/"))
                }
                result.append(contentsOf: found)
            } else {
                result.append(path)
            }
        }
        return result
    }

    private static func collect(directory: String, into found: inout [String],
                                visited: inout Set<String>) throws(RecordFileError) {
        let canonical = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard visited.insert(canonical).inserted else { return }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw RecordFileError(path: directory, message: "cannot list the directory")
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for name in names where !name.hasPrefix(".") {
            let child = prefix + name
            var isDirectory: ObjCBool = false
            // fileExists follows symbolic links; a dangling link is skipped.
            guard FileManager.default.fileExists(atPath: child, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                try collect(directory: child, into: &found, visited: &visited)
            } else if RecordFormat(path: name) != nil {
                found.append(child)
            }
        }
    }
}
