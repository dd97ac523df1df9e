import ArgumentParser
import Foundation
import GistIO
import Gist

struct FmtCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite guidelines and scripts in the canonical layout.",
        discussion: """
        Formats each file in place (atomically), and the modules a guideline uses (use \
        "FILE"); folders are searched for .gist files. With no \
        file, formats standard input to standard output. A file with syntax errors is reported \
        and left as it is. The formatter checks that its output parses to the same syntax tree \
        with the same comments, and refuses to write otherwise.
        Exit status: 0 done (with --check: every file already formatted); 1 with --check some \
        files would change (they are listed), or some files have syntax errors; 2 usage errors \
        and files that cannot be read.
        """
    )

    @Argument(help: "Files or folders to format; none (or '-') for standard input.")
    var files: [String] = []

    @Flag(help: "Change nothing: list the files that are not formatted and exit 1 if there are any.")
    var check = false

    func execute(_ console: Console) -> ExitStatus {
        if files.isEmpty || files == ["-"] { return formatStandardInput(console) }
        var paths: [String] = []
        var unreadable = false
        for f in files {
            switch expand(f, console) {
            case .success(let found): paths += found
            case .failure(let e):
                console.error("gist: \(e)")
                unreadable = true
            }
        }
        var failed = false
        var unformatted = 0
        for path in withModules(paths, console) {
            let text: String
            do { text = try Loading.readText(path, console: console) } catch {
                console.error("gist: \(error)")
                unreadable = true
                continue
            }
            let file = SourceFile(name: path, text: text)
            switch SourceFormatter.format(file) {
            case .syntaxErrors(let diags):
                for d in diags { console.error(d.rendered()) }
                console.error("gist: \(path) has syntax errors; not formatted")
                failed = true
            case .failed(let reason):
                console.error("gist: \(path): cannot format (\(reason)); file left unchanged")
                failed = true
            case .formatted(let out):
                if out == text { continue }
                unformatted += 1
                if check {
                    console.line(path)
                    continue
                }
                do { try FmtCommand.replace(console.resolve(path), with: out) } catch {
                    console.error("gist: \(error)")
                    unreadable = true
                }
            }
        }
        if check, unformatted > 0 {
            console.error("\(unformatted) file\(unformatted == 1 ? "" : "s") not formatted; run 'gist fmt' on \(unformatted == 1 ? "it" : "them")")
        }
        if unreadable { return .usage }
        return failed || (check && unformatted > 0) ? .failures : .success
    }

    func formatStandardInput(_ console: Console) -> ExitStatus {
        guard let text = String(data: FileHandle.standardInput.readDataToEndOfFile(), encoding: .utf8) else {
            console.error("gist: standard input is not valid UTF-8 text")
            return .usage
        }
        switch SourceFormatter.format(SourceFile(name: "<stdin>", text: text)) {
        case .syntaxErrors(let diags):
            for d in diags { console.error(d.rendered()) }
            console.error("gist: <stdin> has syntax errors; not formatted")
            return .failures
        case .failed(let reason):
            console.error("gist: <stdin>: cannot format (\(reason))")
            return .failures
        case .formatted(let out):
            if check {
                if out == text { return .success }
                console.line("<stdin>")
                return .failures
            }
            console.write(out)
            return .success
        }
    }

    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    /// The paths, each guideline followed by the modules it uses, directly or not, that are
    /// not listed yet (a file that cannot be read is reported when it is formatted).
    func withModules(_ paths: [String], _ console: Console) -> [String] {
        var out: [String] = []
        var seen: Set<String> = []
        // (path, whether it is used as a module); a script's `use` names its guideline, which
        // is not followed.
        var pending = paths.reversed().map { ($0, false) }
        while let (path, isModule) = pending.popLast() {
            guard seen.insert(Paths.normalize(path)).inserted else { continue }
            out.append(path)
            guard let text = try? Loading.readText(path, console: console) else { continue }
            let unit = Parser.parse(SourceFile(name: path, text: text)).unit
            guard unit.isGuideline || isModule else { continue }
            for case .script(.use(let p, _)) in unit.items.reversed() { pending.append((Paths.join(Paths.directory(of: path), p), true)) }
        }
        return out
    }

    /// A file as given, or the `.gist` files under a folder (sorted, hidden folders skipped).
    func expand(_ path: String, _ console: Console) -> Result<[String], Unreadable> {
        let full = console.resolve(path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir) else {
            return .failure(Unreadable(description: "\(path): no such file or folder"))
        }
        guard isDir.boolValue else { return .success([path]) }
        guard let walker = FileManager.default.enumerator(atPath: full) else {
            return .failure(Unreadable(description: "\(path): cannot be read"))
        }
        var found: [String] = []
        while let rel = walker.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if name.hasPrefix(".") {
                if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { walker.skipDescendants() }
                continue
            }
            if name.hasSuffix(".gist") { found.append((path as NSString).appendingPathComponent(rel)) }
        }
        return .success(found.sorted())
    }

    /// Formats in place, atomically, through a symbolic link to its target, keeping the
    /// file's permissions.
    static func replace(_ path: String, with text: String) throws(AtomicWrite.Failure) {
        try AtomicWrite.write(text, to: path)
    }
}
