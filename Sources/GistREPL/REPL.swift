import Gist

/// The REPL's logic: script statements through a `Session`, `:` commands, output as text.
/// It knows nothing of terminals — lines come from a `LineReader` and text goes to
/// `output` — so a whole session can be run and checked in a test.
public final class REPL {
    public let session: Session
    let host: SessionHost
    let style: Style
    /// Reading from a terminal: prompts, `<repl:N>` names, feedback for humans.
    public let interactive: Bool
    /// The folder relative paths are resolved against (`:save`, path completion).
    let directory: String
    let output: (String) -> Void
    /// Entries run so far; interactive diagnostics name the entry `<repl:N>`.
    var entries = 0
    /// Commands and entries that failed in the REPL itself (the session counts its own).
    var ownFailures = 0
    /// The guideline last asked for, whether or not it loaded: what `:reload` re-reads.
    var guidelinePath: String?
    /// While a script is sourced: cases are not printed, nor expectations that pass.
    var quiet = false
    /// Expectations typed in this session, as written, by case (for `:save`).
    var typedExpectations: [(caseName: String, text: String)] = []
    /// The lines of an unfinished (multi-line) entry; completion looks at them.
    public private(set) var pending: [String] = []
    public internal(set) var quitRequested = false

    /// - Parameters:
    ///   - directory: the folder relative paths are resolved against.
    ///   - color: style the output (only on a terminal with colour allowed).
    ///   - evaluationDate: `today` of guidelines that read it (days since 1970-01-01).
    public init(host: SessionHost, directory: String, interactive: Bool, color: Bool, evaluationDate: Int? = nil,
                output: @escaping (String) -> Void) {
        self.session = Session(host: host, evaluationDate: evaluationDate)
        self.host = host
        self.directory = directory
        self.interactive = interactive
        self.style = Style(color: color)
        self.output = output
    }

    /// True when a statement, command or expectation failed (the exit status of piped runs).
    public var failed: Bool { ownFailures + session.errors + session.failed > 0 }

    public var banner: String {
        "gist repl — statements as in scripts, :help for commands, Tab completes, Ctrl-D leaves.\n"
    }

    // MARK: the loop

    /// Reads and runs entries until the input ends or `:quit`. `flush` runs before each read
    /// so that output appears before the next prompt.
    public func run(_ reader: LineReader, flush: () -> Void = {}) {
        var lineNumber = 0
        var startLine = 1
        while !quitRequested {
            flush()
            let prompt = !interactive ? "" : pending.isEmpty ? style.prompt("gist>") + " " : style.prompt(" ...>") + " "
            switch reader.read(prompt: prompt) {
            case .end:
                // An unfinished statement at the end of piped input is run, so its error shows.
                if !pending.isEmpty, !interactive { handle(pending.joined(separator: "\n"), line: startLine) }
                pending = []
                if interactive { output("\n") }
                flush()
                return
            case .interrupted:
                pending = []
                if interactive { output("\n") }
            case .line(let line):
                lineNumber += 1
                if !pending.isEmpty, Continuation.startsEntry(line) {
                    let unfinished = pending.joined(separator: "\n")
                    reader.remember(Continuation.historyEntry(pending))
                    pending = []
                    handle(unfinished, line: startLine)
                }
                if pending.isEmpty {
                    if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
                    startLine = lineNumber
                }
                pending.append(line)
                let text = pending.joined(separator: "\n")
                let isCommand = pending.count == 1 && line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(":")
                if !isCommand, Continuation.needsMore(text) { continue }
                reader.remember(Continuation.historyEntry(pending))
                pending = []
                handle(text, line: startLine)
            }
        }
        flush()
    }

    /// Runs one complete entry: a `:` command or statements. `line` is the entry's first
    /// line in piped input, so diagnostics point at lines of that input.
    public func handle(_ text: String, line: Int = 1) {
        entries += 1
        let file: SourceFile
        if interactive {
            file = SourceFile(name: "<repl:\(entries)>", text: text)
        } else {
            // Blank lines in front put every position on its line of the whole input.
            file = SourceFile(name: "<stdin>", text: String(repeating: "\n", count: max(0, line - 1)) + text)
        }
        if text.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(":") {
            command(file)
        } else {
            statements(file)
        }
    }

    /// The command line's FILE: a script is sourced (`:source`), anything else loaded as a
    /// guideline (`:load`).
    public func open(_ path: String) {
        if let text = try? host.readSource(path: path), Self.isScript(Parser.parse(SourceFile(name: path, text: text)).unit) {
            source(path, text: text)
        } else {
            load(path)
        }
    }

    /// True for a file of script statements only (a guideline has a header).
    static func isScript(_ unit: SourceUnit) -> Bool {
        !unit.isGuideline && unit.items.contains { if case .script = $0 { true } else { false } }
    }

    /// Loads a guideline as `:load` does.
    public func load(_ path: String) {
        guidelinePath = path
        let before = session.loaded?.program.file
        session.load(path, at: nil, emit: emit)
        if let l = session.loaded, l.program.file !== before { output(loadedSummary(l)) }
    }

    // MARK: statements

    func statements(_ file: SourceFile) {
        let (unit, diagnostics) = Parser.parse(file)
        for d in diagnostics { output(style.diagnostic(d)) }
        // A statement that does not parse changes nothing, nor do the others typed with it.
        if diagnostics.contains(where: { $0.severity == .error }) {
            ownFailures += 1
            return
        }
        for item in unit.items {
            guard case .script(let s) = item else {
                fail(.declarationInRepl, "declarations belong in a guideline file: edit it, then :reload", file, item.span)
                continue
            }
            run(s, file)
        }
    }

    func run(_ s: ScriptStmt, _ file: SourceFile) {
        switch s {
        case .use(let path, _):
            guidelinePath = Paths.join(Paths.directory(of: file.name), path)
            let before = session.loaded?.program.file
            session.execute(s, file: file, emit: emit)
            if let l = session.loaded, l.program.file !== before { output(loadedSummary(l)) }
        case .caseDef(let name, _, _):
            let errors = session.errors
            session.execute(s, file: file, emit: emit)
            // Show the new case's recommendations at once: that is what one defines it for.
            if !quiet, session.errors == errors, let (l, o) = session.outcome(name, file: file, emit) {
                output(CaseText.render(name.text, o.outcome, l.program))
            }
        case .cases:
            let before = Set(session.caseOrder)
            session.execute(s, file: file, emit: emit)
            let added = session.caseOrder.filter { !before.contains($0) }
            if !added.isEmpty {
                let shown = added.prefix(12).joined(separator: ", ") + (added.count > 12 ? ", …" : "")
                output("\(added.count) case\(added.count == 1 ? "" : "s") added: \(shown)\n")
            }
        case .expect(let name, _, let span):
            typedExpectations.append((name.text, file.text(of: span)))
            session.execute(s, file: file, emit: emit)
        default:
            session.execute(s, file: file, emit: emit)
        }
    }

    // MARK: output

    func emit(_ event: SessionEvent) {
        switch event {
        case .diagnostic(let d): output(style.diagnostic(d))
        case .text(let t): output(t)
        case .expectation(let r): if !(quiet && r.passed) { output(expectation(r)) }
        }
    }

    func expectation(_ r: ExpectationResult) -> String {
        let statement = r.statement.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        if r.passed { return style.apply("ok", .green) + "  " + statement + "\n" }
        var out = "\(r.range): " + style.apply("FAIL", .bold, .red) + " \(statement)\n"
        out += "  expected: \(r.expected)\n"
        out += "  actual:   \(r.actual)\n"
        for line in r.explanation.split(separator: "\n") { out += "  \(line)\n" }
        return out
    }

    /// Reports an error of the REPL's own, pointing into the typed text.
    func fail(_ id: DiagnosticID, _ message: String, _ file: SourceFile, _ span: Span?, notes: [Diagnostic.Note] = []) {
        ownFailures += 1
        output(style.diagnostic(Diagnostic(id, message, at: span.map { SourceRange(file, $0) }, notes: notes)))
    }

    func loadedSummary(_ l: Session.Loaded) -> String {
        let p = l.program
        let inputs = p.inputs.count, codes = p.recommendations.count
        var s = "loaded \(l.path): \(p.name) (version \(p.version)), \(inputs) input\(inputs == 1 ? "" : "s"), \(codes) recommendation\(codes == 1 ? "" : "s")"
        if !session.caseOrder.isEmpty { s += ", \(session.caseOrder.count) case\(session.caseOrder.count == 1 ? "" : "s") kept" }
        return s + "\n"
    }
}
