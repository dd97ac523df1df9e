import Foundation
import Gist
import GistIO
import GistREPL
import Testing
@testable import GistCLI

/// `gist check` and the REPL print diagnostics through one renderer (`Diagnostic.rendered`):
/// with colour on, the text without its escapes is the plain text, each severity keeps its own
/// word, and the whole run of carets is coloured.
@Suite struct ColouredDiagnosticsTests {
    static func checkColoured(_ path: String) -> String {
        let capture = Console.Capture()
        let console = Console(color: true, errIsTerminal: false, directory: Fixtures.root.path,
                              out: { capture.out += String(decoding: $0, as: UTF8.self); return nil },
                              err: { capture.err += String(decoding: $0, as: UTF8.self); return nil })
        _ = GistCommand.main(arguments: ["check", path], console: console)
        return capture.out
    }

    static func stripEscapes(_ s: String) -> String {
        s.replacing(#/\u{1B}\[[0-9;]*m/#, with: "")
    }

    @Test func noteIsPrintedAsNoteWithColourOn() {
        let out = Self.checkColoured("findings/14-approximate-analysis.gist")
        #expect(out.contains("\u{1B}[1;36mnote\u{1B}[0m: some conditions could not be decided exactly"))
        #expect(!out.contains("warning\u{1B}[0m: some conditions could not be decided exactly"))
        let plain = gist(["check", "findings/14-approximate-analysis.gist"], in: Fixtures.root).out
        #expect(Self.stripEscapes(out) == plain)
    }

    @Test func everyCaretIsColouredAndTheREPLAgrees() throws {
        let file = SourceFile(name: "t.gist", text: "let x = wibble + 1\n")
        let d = Diagnostic(.unknownName, "unknown name 'wibble'", at: SourceRange(file, Span(8, 14)))
        let coloured = Style(color: true).diagnostic(d)
        #expect(coloured.contains("\u{1B}[32m^^^^^^\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;31merror\u{1B}[0m: unknown name"))
        #expect(Self.stripEscapes(coloured) == d.rendered())
        #expect(Style(color: false).diagnostic(d) == d.rendered())
    }
}
