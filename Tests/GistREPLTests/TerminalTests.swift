import Foundation
import Testing

/// `gist repl` on a real (pseudo-)terminal, driven key by key: libedit's history, completion,
/// continuation prompt, Ctrl-C and Ctrl-D. Each test gets its own HOME and XDG_STATE_HOME.
@Suite(.serialized) struct TerminalTests {
    static let guideline = Repo.root.appendingPathComponent("guidelines/acs-2017.gist").path
    static let up = "\u{1B}[A", ctrlC = "\u{3}", ctrlD = "\u{4}", tab = "\t", enter = "\r"

    /// A temporary home with the given environment on top of a plain terminal's.
    final class Home {
        let folder: TemporaryFolder
        var environment: [String: String]
        init(_ extra: [String: String] = ["NO_COLOR": "1"]) throws {
            folder = try TemporaryFolder()
            environment = [
                "HOME": folder.url.path, "XDG_STATE_HOME": folder.url.path + "/state",
                "TERM": "xterm", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin",
            ].merging(extra) { _, new in new }
            // Under scripts/sanitize the sanitizers' options (no leak check) reach the REPL too.
            for key in ["ASAN_OPTIONS", "TSAN_OPTIONS", "LSAN_OPTIONS"] {
                if let value = ProcessInfo.processInfo.environment[key] { environment[key] = value }
            }
        }
        var history: String { folder.url.path + "/state/gist/history" }
    }

    func start(_ home: Home, _ arguments: [String] = ["repl", guideline]) throws -> PseudoTerminal {
        let gist = try #require(PseudoTerminal.gist, "the gist executable was not built next to the tests")
        let t = try PseudoTerminal(gist, arguments: arguments, environment: home.environment)
        t.expect("gist>")
        return t
    }

    func leave(_ t: PseudoTerminal, sourceLocation: SourceLocation = #_sourceLocation) {
        t.settle()
        t.send(Self.ctrlD)
        let status = t.waitForExit()
        #expect(status == 0, "exit status \(String(describing: status)); the terminal shows:\n\(t.output)", sourceLocation: sourceLocation)
    }

    @Test func ctrlDOnAnEmptyLineExitsWithStatusZero() throws {
        let home = try Home()
        let t = try start(home)
        leave(t)
    }

    @Test func historyIsRecalledInTheNextSession() throws {
        let home = try Home()
        let first = try start(home)
        first.send("2 cm + 3 mm" + Self.enter)
        first.expect("2.3 cm")
        first.expect("gist> ")
        leave(first)
        let saved = try String(contentsOfFile: home.history, encoding: .utf8)
        #expect(saved.contains("2 cm + 3 mm"))

        // Up arrow brings back the previous session's line; Enter runs it again.
        let second = try start(home)
        second.send(Self.up)
        second.expect("2 cm + 3 mm")
        second.send(Self.enter)
        second.expect("2.3 cm")
        leave(second)
    }

    @Test func tabCompletesAnInputNameAndAnEnumValue() throws {
        let home = try Home()
        let t = try start(home)
        // `mito` + Tab → `mitoses`; `stom` + Tab → `stomach`. The printed values prove what
        // the lines held after completion.
        t.send("case t { mito" + Self.tab + ": 3, site: stom" + Self.tab + "}" + Self.enter)
        t.expect("t:")
        t.expect("gist> ")
        t.send("print mitoses of t" + Self.enter)
        t.expect("mitoses = 3")
        t.send("print site of t" + Self.enter)
        t.expect("site = stomach")
        // Several candidates sharing nothing more: Tab lists them.
        t.send("expect t recommends adjuvant_imatinib_" + Self.tab)
        t.expect("adjuvant_imatinib_1y")
        t.expect("adjuvant_imatinib_3y")
        t.settle()
        t.send(Self.ctrlC)
        t.expect("gist> ")
        leave(t)
    }

    @Test func unfinishedStatementsContinueOnAContinuationPrompt() throws {
        let home = try Home()
        let t = try start(home)
        t.send("case m { size: 4 cm," + Self.enter)
        t.expect("...> ")
        t.send("site: stomach, mitoses: 3," + Self.enter)
        t.expect("...> ")
        t.send("spread: localized, resectability: resectable }" + Self.enter)
        t.expect("m:")
        t.expect("surgery")
        t.expect("gist> ")
        // The whole entry is one history line.
        leave(t)
        let saved = try String(contentsOfFile: home.history, encoding: .utf8)
        #expect(saved.contains("case m { size: 4 cm, site: stomach, mitoses: 3, spread: localized, resectability: resectable }\n"))
    }

    @Test func ctrlCCancelsTheLineAndTheREPLGoesOn() throws {
        let home = try Home()
        let t = try start(home)
        t.send("print partial")
        t.expect("print partial")
        t.settle()
        t.send(Self.ctrlC)
        t.expect("gist> ")
        // Ctrl-C in a continuation drops the whole unfinished entry.
        t.send("case x {" + Self.enter)
        t.expect("...> ")
        t.settle()
        t.send(Self.ctrlC)
        t.expect("gist> ")
        t.send("2 cm + 3 mm" + Self.enter)
        t.expect("2.3 cm")
        #expect(!t.saw("no case named"))
        #expect(t.isRunning)
        #expect(!t.output.contains("no case named 'partial'"))
        leave(t)
    }

    /// Ctrl-C arriving while libedit is busy (here: redrawing after a completion list) is
    /// not lost: the line is still dropped and editing goes on.
    @Test func ctrlCWhileBusyStillCancels() throws {
        let home = try Home()
        let t = try start(home)
        t.send("expect t recommends adjuvant_imatinib_" + Self.tab + Self.tab)
        t.expect("adjuvant_imatinib_3y")
        t.send(Self.ctrlC)
        t.settle()
        t.send("2 cm + 3 mm" + Self.enter)
        t.expect("2.3 cm")
        #expect(!t.saw("error"))
        leave(t)
    }

    @Test func errorsLeaveTheSessionRunning() throws {
        let home = try Home()
        let t = try start(home)
        t.send("case a { size: 3 }" + Self.enter)
        t.expect("give a unit")
        t.expect("^")
        t.send(":nonsense" + Self.enter)
        t.expect("unknown command")
        t.send("2 cm + 1 mm" + Self.enter)
        t.expect("2.1 cm")
        leave(t)
    }

    @Test func colourOnlyWithoutNoColor() throws {
        let plain = try start(try Home())
        leave(plain)
        #expect(!plain.output.contains("\u{1B}[1;34m"))
        let coloured = try start(try Home([:]))
        coloured.send(":nope" + Self.enter)
        coloured.expect("unknown command")
        leave(coloured)
        #expect(coloured.output.contains("\u{1B}[1;34m"))   // the prompt
        #expect(coloured.output.contains("\u{1B}[1;31m"))   // "error"
    }

    @Test func editrcIsHonoured() throws {
        let home = try Home()
        try home.folder.write(".editrc", "gist:bind -s ^T \"2 cm + 4 mm\"\n")
        let t = try start(home)
        t.send("\u{14}" + Self.enter)
        t.expect("2.4 cm")
        leave(t)
    }
}
