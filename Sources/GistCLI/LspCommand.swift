import ArgumentParser
import Foundation
import GistIO
import GistLSP

struct LspCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server (Language Server Protocol over standard input and output).",
        discussion: """
        For editors: diagnostics as you type (language errors at once; the input-space \
        findings and script expectations after a short pause), hover, go to definition, find \
        references, rename, completion, formatting (as gist fmt) and quick fixes. Started by \
        the editor, not by hand: see editors/README.md.
        Exit status: 0 after the client's shutdown and exit; 1 when the input ends or breaks \
        off without them.
        """
    )

    @Option(help: "Seconds without a change before the analyses run.")
    var delay = 0.3

    @Option(help: "Stop the input-space analysis after this many decision-diagram nodes (a memory bound).")
    var maxNodes = 4_000_000

    func validate() throws {
        guard delay.isFinite, delay >= 0, delay <= 60 else { throw ValidationError("--delay takes seconds from 0 to 60") }
        guard maxNodes >= 1 else { throw ValidationError("--max-nodes takes a positive count") }
    }

    func execute(_ console: Console) -> ExitStatus {
        console.flush()
        let server = LanguageServer(input: .standardInput, output: .standardOutput, delay: delay, nodeLimit: maxNodes)
        let code = server.run { console.error($0); console.flush() }
        return ExitStatus(code: code)
    }
}
