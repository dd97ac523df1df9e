import ArgumentParser
import Foundation
import Gist

/// Placeholder until the flowchart generator lands: registered so the command list builds.
struct GraphCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(commandName: "graph", abstract: "Draw a guideline's pathway as a flowchart (not implemented yet).")
    @Argument(help: "The guideline (.gist).")
    var guideline: String
    func execute(_ console: Console) -> ExitStatus {
        console.error("gist: graph is not implemented yet")
        return .usage
    }
}
