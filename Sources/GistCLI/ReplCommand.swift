import ArgumentParser
import Foundation
import GistIO
import Gist
import GistREPL

struct ReplCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Explore a guideline interactively: cases, what-ifs, explanations, revisions.",
        discussion: """
        Accepts every script statement (use, case, cases, expect, what if, print, expressions) \
        and commands starting with ':' (:help lists them). On a terminal: line editing, \
        history (in $XDG_STATE_HOME/gist/history or ~/.local/state/gist/history), Tab \
        completion, multi-line input. With standard input not a terminal (gist repl < \
        session.gist) it reads the statements silently: no prompts, no colour, no editing. \
        Exit status: 0; when not on a terminal, 1 if any statement or expectation failed; \
        2 if GUIDELINE cannot be read.
        """
    )

    @Argument(help: "A guideline (.gist) to load first, or a script (a saved session) to run first: its guideline, cases and expectations.")
    var guideline: String?

    @OptionGroup var evaluationDate: EvaluationDateOption

    func execute(_ console: Console) -> ExitStatus { run(console, input: nil) }

    /// Runs the session. `input` replaces standard input (tests); it is never a terminal.
    func run(_ console: Console, input: LineReader?) -> ExitStatus {
        let environment = ProcessInfo.processInfo.environment
        // Line editing needs a terminal that can be redrawn; TERM=dumb gets plain reading.
        let interactive = input == nil && console.inIsTerminal && environment["TERM"] != "dumb"
        guard let day = evaluationDate.day(console) else { return .usage }
        if let guideline {
            do { _ = try Loading.readText(guideline, console: console) } catch {
                console.error("gist: \(error)")
                return .usage
            }
        }
        let repl = REPL(host: FileHost(console: console), directory: console.directory, interactive: interactive,
                        color: interactive && console.color, evaluationDate: day, output: { console.write($0) })
        if interactive { console.write(repl.banner) }
        if let guideline { repl.open(guideline) }

        let reader: LineReader
        if interactive {
            let history = HistoryFile.defaultPath(environment: environment).map { HistoryFile(path: $0) }
            guard let editor = LineEditor(history: history, complete: { [unowned repl] in repl.complete($0) },
                                          warn: { console.error($0) }) else {
                console.error("gist: line editing is not available; reading plain lines")
                repl.run(StandardInputReader(), flush: console.flush)
                return .success
            }
            reader = editor
        } else {
            reader = input ?? StandardInputReader()
        }
        repl.run(reader, flush: console.flush)
        console.flush()
        // On a terminal the session is the point, not a verdict; piped, failures count.
        return interactive || !repl.failed ? .success : .failures
    }
}
