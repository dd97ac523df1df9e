import Gist

/// `:load`, `:reload` and `:inputs`: the guideline the session runs against.
extension REPL {
    func loadCommand(_ call: CommandCall) {
        guard call.expect(1...1, self) else { return }
        let arg = call.args[0]
        let path = Paths.normalize(arg.text)
        guidelinePath = path
        let before = session.loaded?.program.file
        session.load(path, at: SourceRange(call.file, arg.span), emit: emit)
        if let l = session.loaded, l.program.file !== before { output(loadedSummary(l)) }
    }

    /// Re-reads the guideline; the cases stay, and what changed in their results is shown.
    func reload(_ call: CommandCall) {
        guard call.expect(0...0, self) else { return }
        guard let path = session.loaded?.path ?? guidelinePath else {
            fail(.noGuideline, "nothing to reload: load a guideline with :load FILE or use \"FILE\"", call.file, call.name.span)
            return
        }
        let old = session.loaded
        let before = outcomes(call.file)
        let previousFile = old?.program.file
        guard session.load(path, at: SourceRange(call.file, call.name.span), emit: emit),
              let new = session.loaded, new.program.file !== previousFile else {
            if old != nil { output("the previous version of \(path) stays loaded\n") }
            return
        }
        output(loadedSummary(new).replacingFirst("loaded ", with: "reloaded "))
        guard let old else { return }
        let after = outcomes(call.file)
        var changed = 0
        for name in session.caseOrder {
            guard let a = before[name], let b = after[name] else { continue }
            let lines = OutcomeChange.lines(from: a, old.program, to: b, new.program)
            if lines.isEmpty { continue }
            changed += 1
            output("\(name):\n" + lines.map { "  \($0)\n" }.joined())
        }
        if !session.caseOrder.isEmpty {
            let n = session.caseOrder.count
            output(changed == 0 ? "no case changed\n" : "\(changed) of \(n) case\(n == 1 ? "" : "s") changed\n")
        }
    }

    /// Every case's outcome under the loaded guideline; cases that no longer bind are reported.
    func outcomes(_ file: SourceFile) -> [String: Evaluator.Outcome] {
        var result: [String: Evaluator.Outcome] = [:]
        guard session.loaded != nil else { return result }
        for name in session.caseOrder {
            if let (_, o) = session.outcome(Name(name, .none), file: file, emit) { result[name] = o.outcome }
        }
        return result
    }

    func inputs(_ call: CommandCall) {
        guard call.expect(0...0, self) else { return }
        guard let l = requireGuideline(call) else { return }
        let p = l.program
        var out = ""
        for input in p.inputs {
            var line = style.apply(input.name, .bold) + ": "
            if case .enumeration(let e) = input.type, e < p.enums.count {
                // An inline enum is named after its input: its members say more than its name.
                let members = p.enums[e].members.joined(separator: " | ")
                line += p.enums[e].name == input.name ? members : "\(p.enums[e].name) (\(members))"
            } else {
                line += p.typeName(input.type)
            }
            if let u = input.unit { line += " in \(u.name)" }
            if case .set(let e) = input.type, e < p.enums.count {
                line += " (of " + p.enums[e].members.joined(separator: ", ") + ")"
            }
            if let d = input.defaultValue { line += " = " + p.format(d, type: input.type, unit: input.unit) }
            if let r = range(input, p) { line += ", " + r }
            if input.fixed { line += ", fixed" }
            out += line + "\n"
            if let doc = input.doc, !doc.isEmpty {
                for docLine in doc.split(separator: "\n") { out += "    " + style.apply(String(docLine), .dim) + "\n" }
            }
        }
        output(out)
    }

    /// `0 cm < size <= 100 cm` from an input's bounds.
    func range(_ input: InputInfo, _ p: Program) -> String? {
        func show(_ b: Bound) -> String { p.format(.number(b.value), type: input.type, unit: input.unit) }
        switch (input.lower, input.upper) {
        case (nil, nil): return nil
        case (let lo?, nil): return "\(input.name) \(lo.inclusive ? ">=" : ">") \(show(lo))"
        case (nil, let hi?): return "\(input.name) \(hi.inclusive ? "<=" : "<") \(show(hi))"
        case (let lo?, let hi?):
            return "\(show(lo)) \(lo.inclusive ? "<=" : "<") \(input.name) \(hi.inclusive ? "<=" : "<") \(show(hi))"
        }
    }

    func requireGuideline(_ call: CommandCall) -> Session.Loaded? {
        if let l = session.loaded { return l }
        fail(.noGuideline, "no guideline is loaded: :load FILE or use \"FILE\"", call.file, call.name.span)
        return nil
    }
}

extension String {
    func replacingFirst(_ a: String, with b: String) -> String {
        guard let r = firstRange(of: a) else { return self }
        var s = self
        s.replaceSubrange(r, with: b)
        return s
    }
}
