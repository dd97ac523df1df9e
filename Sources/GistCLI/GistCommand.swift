import ArgumentParser
import Foundation

/// The `gist` command line.
public struct GistCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gist",
        abstract: "Write, run, test and check clinical treatment pathways.",
        discussion: """
        Exit status: 0 success; 1 failures found (check errors, failed expectations, rejected \
        records, differences with --exit-code); 2 usage errors and inputs that cannot be read.
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
            return status.code
        } catch {
            let code = GistCommand.exitCode(for: error)
            let message = GistCommand.fullMessage(for: error)
            if code == .success {
                console.line(message)
                console.flush()
                return 0
            }
            console.error(message)
            // Argument errors are usage errors: exit 2, as documented.
            return 2
        }
    }
}
