import Foundation
import GistIO
import Gist

/// Reading source files from disk (or from git, `REV:path`) for the commands.
enum Loading {
    struct Unreadable: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "\(path): \(reason)" }
    }

    /// The text of a file, checked to be UTF-8.
    static func readText(_ path: String, console: Console) throws(Unreadable) -> String {
        let data: [UInt8]
        do { data = try FileBytes.read(console.resolve(path), limit: Lexer.maxFileSize) } catch {
            switch error {
            case .missing: throw Unreadable(path: path, reason: "no such file")
            case .directory: throw Unreadable(path: path, reason: "is a directory, not a file")
            // The lexer refuses such a file too; saying so before decoding saves seconds.
            case .tooLarge(let n): throw Unreadable(path: path, reason: "has \(n) bytes; gist reads source files of at most \(Lexer.maxFileSize) bytes")
            case .system(let reason): throw Unreadable(path: path, reason: "cannot be read: \(reason)")
            }
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw Unreadable(path: path, reason: "is not valid UTF-8 text" + invalidUTF8Location(data))
        }
        return text
    }

    /// Where the first byte that is not UTF-8 is, as " (line L, column C: byte 0xXX)"; columns
    /// count characters.
    static func invalidUTF8Location(_ bytes: [UInt8]) -> String {
        var line = 1, lineStart = 0, k = 0
        while k < bytes.count {
            let b = bytes[k]
            let length = b < 0x80 ? 1 : b >= 0xC2 && b < 0xE0 ? 2 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xF0 && b < 0xF5 ? 4 : 0
            if length > 0, k + length <= bytes.count, String(validating: bytes[k..<(k + length)], as: UTF8.self) != nil {
                if b == UInt8(ascii: "\n") { line += 1; lineStart = k + 1 }
                k += length
                continue
            }
            let column = String(decoding: bytes[lineStart..<k], as: UTF8.self).count + 1
            return " (line \(line), column \(column): byte 0x\(String(b, radix: 16, uppercase: true)))"
        }
        return ""
    }

    /// A guideline ready to use, or the exit status after its problems were reported: 2 when it
    /// cannot be read, 1 when it has errors.
    static func program(_ path: String, console: Console) -> Result<Program, ExitStatus> {
        do {
            return program(try compile(path, console: console), console: console).map { .success($0) } ?? .failure(.failures)
        } catch {
            console.error("gist: \(error)")
            return .failure(.usage)
        }
    }

    /// The program, or nil after its errors were reported.
    static func program(_ c: Compilation, console: Console) -> Program? {
        if let p = c.program { return p }
        for d in c.errors { console.error(d.rendered()) }
        if c.unit.isGuideline {
            let name = c.unit.file.name
            console.error("gist: \(name) has errors; run 'gist check \(name)'")
        }
        return nil
    }

    /// Parses and checks a guideline; diagnostics are returned, not printed.
    static func compile(_ path: String, console: Console) throws(Unreadable) -> Compilation {
        Compilation(SourceFile(name: path, text: try readText(path, console: console)), read: moduleReader(console))
    }

    /// Reads the modules a guideline uses from the file system.
    static func moduleReader(_ console: Console) -> ModuleLoader.Reader {
        { path in try readText(path, console: console) }
    }
}

/// A command's outcome as a process exit status: 0 success, 1 failures found, 2 usage
/// errors and unreadable inputs.
public struct ExitStatus: Error, Sendable {
    public let code: Int32
    public static let success = ExitStatus(code: 0)
    public static let failures = ExitStatus(code: 1)
    public static let usage = ExitStatus(code: 2)
}

/// Commands run against a console so tests can capture their output.
public protocol ConsoleCommand {
    func execute(_ console: Console) -> ExitStatus
}
