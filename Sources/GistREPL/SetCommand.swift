import Gist

/// `:set CASE.INPUT = VALUE` and `:unset CASE.INPUT`: changing one input of a case, checked
/// like a case field, and showing what that changes.
extension REPL {
    func set(_ call: CommandCall) {
        let file = call.file
        let rest = Span(call.name.span.end, file.bytes.count)
        guard let eq = file.bytes[rest.start..<rest.end].firstIndex(of: UInt8(ascii: "=")) else {
            fail(.usage, "usage: \(Command.set.usage)", file, call.args.first?.span ?? call.name.span)
            return
        }
        let valueSpan = Span(eq + 1, rest.end)
        if file.text(of: valueSpan).trimmed().isEmpty {
            fail(.usage, "usage: \(Command.set.usage) — the value is missing", file, Span(eq, eq + 1))
            return
        }
        guard let target = caseInput(Word.split(Substring(file.text(of: Span(rest.start, eq))), offset: rest.start), call),
              let l = session.loaded else { return }
        guard let f = field(input: target.input, valueSpan: valueSpan, file) else { return }
        // Diagnostics about the value point into what was typed, not the scaffolding.
        let remap: (SessionEvent) -> Void = { event in
            guard case .diagnostic(var d) = event, let r = d.range else { return self.emit(event) }
            d.range = SourceRange(file, r.span.start >= valueSpan.start ? r.span : target.inputSpan)
            self.emit(.diagnostic(d))
        }
        guard let (_, value) = session.fieldValue(f.assignment, file: f.file, l.program, remap) else { return }
        change(target.caseName, target.input, to: value, file)
    }

    func unset(_ call: CommandCall) {
        guard call.expect(1...1, self), let target = caseInput([call.args[0]], call) else { return }
        change(target.caseName, target.input, to: nil, call.file)
    }

    /// Applies the change and prints the case's input change and the change in its results.
    func change(_ caseName: String, _ input: String, to value: Value?, _ file: SourceFile) {
        guard let l = session.loaded, let slot = l.program.inputs.firstIndex(where: { $0.name == input }) else { return }
        let before = session.outcome(Name(caseName, .none), file: file, { _ in })
        session.override(caseName, input: input, value: value)
        guard let (_, after) = session.outcome(Name(caseName, .none), file: file, emit) else { return }
        let was = before.map { l.program.formatSlot(slot, $0.1.inputs[slot]) } ?? "?"
        var out = "\(caseName): \(input): \(was) -> \(l.program.formatSlot(slot, after.inputs[slot]))\n"
        if let (_, b) = before { out += CaseText.difference(b.outcome, after.outcome, l.program) }
        output(out)
    }

    struct CaseInput {
        let caseName: String
        let input: String
        let inputSpan: Span
    }

    /// Reads `CASE.INPUT` (one word) and checks that both exist.
    func caseInput(_ words: [Word], _ call: CommandCall) -> CaseInput? {
        guard words.count == 1 else {
            fail(.usage, "usage: \(call.command.usage)", call.file, words.count > 1 ? words[1].span : call.name.span)
            return nil
        }
        let w = words[0]
        guard let dot = w.text.firstIndex(of: ".") else {
            fail(.usage, "usage: \(call.command.usage) — write the case and the input as CASE.INPUT", call.file, w.span)
            return nil
        }
        guard let l = requireGuideline(call) else { return nil }
        let caseName = String(w.text[..<dot]), input = String(w.text[w.text.index(after: dot)...])
        let caseSpan = Span(w.span.start, w.span.start + caseName.utf8.count)
        let inputSpan = Span(caseSpan.end + 1, w.span.end)
        guard session.cases[caseName] != nil else {
            let note = Suggest.didYouMean(caseName, among: session.caseOrder)
            fail(.unknownCase, "no case named '\(caseName)'", call.file, caseSpan, notes: note)
            return nil
        }
        guard l.program.inputs.contains(where: { $0.name == input }) else {
            let note = Suggest.didYouMean(input, among: l.program.inputs.map(\.name))
            fail(.unknownField, "'\(input)' is not an input of the guideline", call.file, inputSpan, notes: note)
            return nil
        }
        return CaseInput(caseName: caseName, input: input, inputSpan: inputSpan)
    }

    /// The typed value as a case field `INPUT: VALUE`, parsed by the real parser.
    ///
    /// The parser reads whole statements only, so the value is parsed inside a scaffold
    /// `case _{INPUT: VALUE}` laid over the typed line: the scaffold takes the place of
    /// `:set CASE.INPUT =` (which is never shorter) and the value keeps its byte offsets, so
    /// every position in the value is a position in what was typed.
    func field(input: String, valueSpan: Span, _ file: SourceFile) -> (assignment: FieldAssignment, file: SourceFile)? {
        let scaffold = Array("case _{\(input):".utf8)
        var bytes = [UInt8](repeating: UInt8(ascii: " "), count: valueSpan.start)
        guard scaffold.count <= bytes.count else { return nil }
        bytes.replaceSubrange((bytes.count - scaffold.count)..., with: scaffold)
        bytes += file.bytes[valueSpan.start..<valueSpan.end]
        bytes += Array("\n}".utf8)
        let synthetic = SourceFile(name: file.name, text: String(decoding: bytes, as: UTF8.self))
        let (unit, diagnostics) = Parser.parse(synthetic)
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, unit.items.count == 1, case .script(.caseDef(_, let fields, _)) = unit.items[0], fields.count == 1 else {
            for var d in errors {
                if let r = d.range { d.range = SourceRange(file, Span(max(r.span.start, valueSpan.start), min(max(r.span.end, valueSpan.start), valueSpan.end))) }
                output(style.diagnostic(d))
            }
            if errors.isEmpty { fail(.syntax, "expected one value", file, valueSpan) } else { ownFailures += 1 }
            return nil
        }
        return (fields[0], synthetic)
    }
}
