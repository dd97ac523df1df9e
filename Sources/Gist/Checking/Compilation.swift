/// A guideline's source through the front end: its syntax tree, its program (nil when it has
/// errors) and every diagnostic in file order. The one way the commands, the REPL and scripts
/// load a guideline.
public struct Compilation: Sendable {
    public let unit: SourceUnit
    public let program: Program?
    public let diagnostics: [Diagnostic]

    public init(_ file: SourceFile) {
        let (unit, parseDiagnostics) = Parser.parse(file)
        let (program, checkDiagnostics) = Checker.check(unit)
        let all = Checker.inFileOrder(parseDiagnostics + checkDiagnostics)
        self.unit = unit
        self.diagnostics = all
        self.program = all.contains { $0.severity == .error } ? nil : program
    }

    /// The errors to report when the guideline is used (run, diffed, loaded by a script). A file
    /// that is not a guideline at all (no header: a text file named by mistake) gets one error
    /// that names it without quoting its lines, which may hold anything (a password file in a
    /// CI log); `gist check` shows every diagnostic.
    public var errors: [Diagnostic] {
        guard unit.isGuideline else {
            return [Diagnostic(.notAGuideline,
                               "\(unit.file.name) is not a guideline: it does not start with a header guideline \"name\" { … }",
                               at: nil)]
        }
        return diagnostics.filter { $0.severity == .error }
    }
}
