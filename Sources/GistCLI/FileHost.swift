import Gist
import GistIO

/// The session's access to files, relative to the console's folder.
struct FileHost: SessionHost {
    let console: Console

    func readSource(path: String) throws -> String {
        try Loading.readText(path, console: console)
    }

    func readRecords(path: String, displayPath: String) throws -> [Result<RawRecord, RecordError>] {
        try RecordReader.read(path: console.resolve(path), displayPath: displayPath)
    }
}
