import ArgumentParser
import Foundation
import GistIO

/// The `gist` command line.
public struct GistCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gist",
        abstract: "Write, run, test and check clinical treatment pathways.",
        discussion: """
        Exit status: 0 success; 1 failures found (check errors, failed expectations, rejected \
        records, differences with --exit-code); 2 usage errors, inputs that cannot be read and \
        outputs that cannot be written (a full disk, a closed standard output).
        """,
        version: "0.1.0",
        subcommands: [CheckCommand.self, RunCommand.self, TestCommand.self, DiffCommand.self, ReplCommand.self, FmtCommand.self, GraphCommand.self, LspCommand.self]
    )
    public init() {}

    /// Parses arguments and runs the chosen command; returns the exit status.
    public static func main(arguments: [String], console: Console) -> Int32 {
        do {
            var command = try GistCommand.parseAsRoot(arguments)
            guard let runnable = command as? ConsoleCommand else {
                // `gist help CMD` and `CMD --help` come back as ArgumentParser's own help command.
                console.flush()
                try command.run()
                return 0
            }
            let status = runnable.execute(console)
            console.flush()
            return written(status, console).code
        } catch {
            let code = GistCommand.exitCode(for: error)
            let message = GistCommand.fullMessage(for: error)
            if code == .success {
                console.line(message)
                console.flush()
                return written(.success, console).code
            }
            console.error(message)
            // Argument errors are usage errors: exit 2, as documented.
            return 2
        }
    }

    /// The status once output is written: a stream that could not be written (a full disk, a
    /// closed descriptor) makes it 2; standard output's failure is reported on standard error,
    /// standard error's cannot be.
    static func written(_ status: ExitStatus, _ console: Console) -> ExitStatus {
        if let reason = console.outFailure {
            console.error("gist: cannot write standard output: \(reason)")
            return .usage
        }
        return console.errFailure == nil ? status : .usage
    }
}
