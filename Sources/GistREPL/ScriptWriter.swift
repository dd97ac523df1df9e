import Gist

/// The text of a test script for a session: `use` of the guideline, each case with the
/// inputs it gives, expectations of its results, and the expectations typed in the session
/// (`:save` leaves out those that do not hold, so `gist test` passes the script as saved).
struct ScriptWriter {
    let program: Program
    /// The `use` path, relative to the script's folder.
    let usePath: String

    struct Case {
        let name: String
        /// Given inputs by slot (nil: not given; `.unknown`: made unknown with `:unset`).
        let given: [Value?]
        /// The outcome of the case as saved (an unset input with a default takes the default).
        let outcome: Evaluator.Outcome
        /// Expectations typed for this case, as written.
        let typed: [String]
    }

    func script(_ cases: [Case]) -> String {
        var out = "# Written by gist repl (:save): the session's cases with their results as saved, then\n"
        out += "# the expectations typed in the session that hold. Run with: gist test FILE\n"
        out += "use \(quoted(usePath))\n"
        for c in cases {
            out += "\n"
            let name = identifier(c.name)
            if name != c.name { out += "# case '\(c.name)' (its name is not a gist name)\n" }
            var fields: [String] = []
            for (i, given) in c.given.enumerated() {
                // The evaluation date is written out, so the script gives the saved results
                // on any day.
                let v = i == program.todaySlot ? given ?? program.inputs[i].defaultValue : given
                guard let v else { continue }
                let input = program.inputs[i]
                if v.isUnknown {
                    // A script cannot make an input with a default unknown: the case is saved
                    // with the default written out (its outcome was computed so). Without a
                    // default, leaving the input out is the same as unknown.
                    guard let d = input.defaultValue else { continue }
                    out += "# \(input.name) was unset in the REPL; a script cannot make an input with a default unknown, so it is saved as its default\n"
                    fields.append("\(input.name): \(source(d, input))")
                    continue
                }
                fields.append("\(input.name): \(source(v, input))")
            }
            out += "case \(name) {" + (fields.isEmpty ? "" : " " + fields.joined(separator: ", ") + " ") + "}\n"
            out += expectations(name, c.outcome)
            // One line each, so a save can leave out one that does not hold.
            for t in c.typed { out += Self.oneLine(t) + "\n" }
        }
        return out
    }

    /// A statement on one line: its words separated by single spaces.
    static func oneLine(_ statement: String) -> String {
        statement.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    /// Expectations that pass exactly when the case still comes out as now.
    func expectations(_ name: String, _ o: Evaluator.Outcome) -> String {
        let made = o.recommended.map { program.recommendations[$0].code }
        let und = o.undetermined.map { program.recommendations[$0.code].code }
        // `recommends exactly` also requires nothing undetermined.
        if und.isEmpty, !made.isEmpty { return "expect \(name) recommends exactly {\(made.joined(separator: ", "))}\n" }
        var out = ""
        if !made.isEmpty { out += "expect \(name) recommends \(made.joined(separator: ", "))\n" }
        if !und.isEmpty { out += "expect \(name) undetermined \(und.joined(separator: ", "))\n" }
        let rest = program.recommendations.map(\.code).filter { !made.contains($0) && !und.contains($0) }
        if !rest.isEmpty { out += "expect \(name) not recommends {\(rest.joined(separator: ", "))}\n" }
        return out
    }

    /// A value as a case field's source: `1.5 cm`, `stomach`, `{imatinib}`, `true`, `"2024-03-01"`.
    func source(_ v: Value, _ input: InputInfo) -> String {
        switch (v, input.type) {
        case (.member(let m), .enumeration(let e)):
            return member(m, e)
        case (.set(let mask), .set(let e)):
            let indices = (0..<64).filter { mask & (1 << UInt64($0)) != 0 }
            return "{" + indices.map { member($0, e) }.joined(separator: ", ") + "}"
        case (.string(let s), _):
            return quoted(s)
        case (.number(let d), .quantity(let dim)) where dim.isDate:
            // Scripts write dates as strings, as records do.
            return quoted(CalendarDate.format(d))
        default:
            return program.format(v, type: input.type, unit: input.unit)
        }
    }

    /// A member's bare name, qualified when another enum has a member of that name.
    func member(_ m: Int, _ e: Int) -> String {
        let name = program.enums[e].members[m]
        let shared = program.enums.enumerated().contains { $0.offset != e && $0.element.members.contains(name) }
        return shared ? "\(program.enums[e].name).\(name)" : name
    }

    func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out + "\""
    }

    /// A case name usable in a script: record ids like `P-12` or `7` are not gist names.
    func identifier(_ name: String) -> String {
        var s = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
        if s.isEmpty || s.first?.isNumber == true || Keyword(rawValue: s) != nil || ContextualWord(rawValue: s) != nil {
            s = "case_" + s
        }
        return s
    }
}
