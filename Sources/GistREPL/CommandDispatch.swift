import Gist

/// Reading a `:` command line and handing it to its command; `:help`.
extension REPL {
    func command(_ file: SourceFile) {
        let words = Word.split(Substring(file.text), offset: 0)
        guard let first = words.first else { return }
        let name = String(first.text.dropFirst())
        let command: Command
        switch Command.resolve(name) {
        case .success(let c): command = c
        case .failure(let e):
            if e.candidates.count > 1 {
                fail(.ambiguousCommand, "':\(name)' is ambiguous: \(e.candidates.map { ":" + $0.rawValue }.joined(separator: ", "))", file, first.span)
            } else {
                let note = Suggest.didYouMean(name, among: Command.allCases.map(\.rawValue), prefix: ":")
                fail(.unknownCommand, "unknown command '\(first.text)'; :help lists the commands", file, first.span, notes: note)
            }
            return
        }
        let args = Array(words.dropFirst())
        let call = CommandCall(command: command, name: first, args: args, file: file)
        switch command {
        case .help: help(call)
        case .load: loadCommand(call)
        case .source: sourceCommand(call)
        case .reload: reload(call)
        case .cases: listCases(call)
        case .show: show(call)
        case .why: why(call)
        case .whynot: whyNot(call)
        case .set: set(call)
        case .unset: unset(call)
        case .inputs: inputs(call)
        case .diff: diff(call)
        case .save: save(call)
        case .quit:
            if call.expect(0...0, self) { quitRequested = true }
        }
    }

    /// The file a command's argument names (path tidied) and its text; reported when unreadable.
    func readFile(_ arg: Word, _ call: CommandCall) -> (path: String, text: String)? {
        let path = Paths.normalize(arg.text)
        do { return (path, try host.readSource(path: path)) } catch {
            fail(.unreadable, "cannot read \(path): \(ModuleLoader.reason(error, reading: path))", call.file, arg.span)
            return nil
        }
    }

    func help(_ call: CommandCall) {
        guard call.expect(0...1, self) else { return }
        if let arg = call.args.first {
            let name = arg.text.hasPrefix(":") ? String(arg.text.dropFirst()) : arg.text
            guard case .success(let c) = Command.resolve(name) else {
                fail(.unknownCommand, "no command ':\(name)'", call.file, arg.span)
                return
            }
            output("\(c.usage)\n" + wrap(c.details, width: 88, indent: "  "))
            return
        }
        var out = "Statements, as in scripts:\n"
        let statements: [(String, String)] = [
            ("use \"FILE\"", "load a guideline"),
            ("case NAME { INPUT: VALUE, … }", "define (or replace) a case and show its recommendations"),
            ("cases \"FILE\"", "add the cases of a JSON, JSON Lines, YAML or CSV file"),
            ("expect CASE recommends CODE, …", "check (also: not recommends, recommends exactly {…}, undetermined, EXPR)"),
            ("what if CASE { INPUT: VALUE }", "what changes with other inputs"),
            ("print CASE, print EXPR of CASE", "a case's recommendations, or a value on a case"),
            ("EXPR", "a constant expression, e.g. 2 cm + 3 mm"),
        ]
        let width = max(statements.map(\.0.count).max() ?? 0, Command.allCases.map(\.usage.count).max() ?? 0)
        for (s, what) in statements { out += "  \(s.padding(to: width))  \(what)\n" }
        out += "Commands (a unique prefix is enough, e.g. :sh for :show):\n"
        for c in Command.allCases { out += "  \(c.usage.padding(to: width))  \(c.summary)\n" }
        out += """
        An unfinished statement (open brace or parenthesis, trailing operator or comma) continues
        on the next line. Keys: Tab completes, Up and Down recall history, Ctrl-R searches it,
        Ctrl-C cancels the line, Ctrl-D on an empty line leaves.

        """
        output(out)
    }

    func wrap(_ text: String, width: Int, indent: String) -> String {
        var out = "", line = indent
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > width, line != indent {
                out += line + "\n"
                line = indent
            }
            line += (line == indent ? "" : " ") + word
        }
        return out + line + "\n"
    }
}

/// A parsed command line: the command, its name as typed, its arguments.
struct CommandCall {
    let command: Command
    let name: Word
    let args: [Word]
    let file: SourceFile

    /// Checks the number of arguments; reports the usage otherwise.
    func expect(_ counts: ClosedRange<Int>, _ repl: REPL) -> Bool {
        if counts.contains(args.count) { return true }
        let at = args.count > counts.upperBound ? args[counts.upperBound].span : name.span
        repl.fail(.usage, "usage: \(command.usage)", file, at)
        return false
    }
}

extension String {
    func padding(to n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
