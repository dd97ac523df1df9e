import Foundation
import Gist
@testable import GistIO

/// Reads text in a format, failing the test on a file-level error.
func records(_ text: String, _ format: RecordFormat, file: String = "cases") throws -> [Result<RawRecord, RecordError>] {
    try RecordReader.read(text: text, format: format, file: file)
}

extension Result where Success == RawRecord, Failure == RecordError {
    var record: RawRecord? { if case .success(let r) = self { return r } else { return nil } }
    var error: RecordError? { if case .failure(let e) = self { return e } else { return nil } }
}

extension RawRecord {
    var names: [String] { fields.map(\.name) }
    subscript(_ name: String) -> RawValue? { fields.first { $0.name == name }?.value }
}

/// The file error thrown by `body`, or nil if it did not throw one.
func fileError(_ body: () throws -> Any) -> RecordFileError? {
    do {
        _ = try body()
        return nil
    } catch let error as RecordFileError {
        return error
    } catch {
        return nil
    }
}

/// A fresh temporary directory, removed when the value is deinitialised.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("gistio-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes bytes at a relative path (creating folders) and returns the full path.
    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, bytes: Array(text.utf8))
    }
}
