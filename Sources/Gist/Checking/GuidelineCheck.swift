/// What `gist check` reports for one guideline file, in order: the lexer's, parser's and
/// checker's diagnostics (in file order); then, for a guideline without errors, the input-space
/// findings; less those a `gist:ignore` pragma silences. Front ends only print the result.
public enum GuidelineCheck {
    public static func run(_ file: SourceFile, nodeLimit: Int = 4_000_000) -> [Diagnostic] {
        let (unit, parseDiagnostics) = Parser.parse(file)
        let (program, checkDiagnostics) = Checker.check(unit)
        var all = Checker.inFileOrder(parseDiagnostics + checkDiagnostics)
        // The input-space analyses need a program without errors.
        if let program, !all.contains(where: { $0.severity == .error }) {
            all += Findings.analyse(program, nodeLimit: max(1, nodeLimit))
        }
        return Pragmas.apply(all, comments: unit.comments, file: file)
    }
}
