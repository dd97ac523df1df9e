/// A guideline's source through the front end: its syntax tree, its program (nil when it has
/// errors) and every diagnostic in file order. The one way the commands, the REPL and scripts
/// load a guideline.
public struct Compilation: Sendable {
    public let unit: SourceUnit
    /// The modules the guideline uses (`use "FILE"`), directly or not, each after those it uses.
    public let modules: [SourceUnit]
    public let program: Program?
    /// The modules' diagnostics first (in the order they were read), then the guideline's; each
    /// file's in file order.
    public let diagnostics: [Diagnostic]

    /// `read` gives the text of a module by its path (`locate` says which path a `use` names);
    /// without it, a `use` is reported as unreadable.
    public init(_ file: SourceFile, read: ModuleLoader.Reader? = nil, locate: @escaping ModuleLoader.Locator = ModuleLoader.besideUsingFile) {
        let (unit, parseDiagnostics) = Parser.parse(file)
        var loader = ModuleLoader(read: read, locate: locate)
        if unit.isGuideline || unit.isModule { loader.load(usesOf: unit) }
        let (program, checkDiagnostics) = Checker.check(unit, modules: loader.units, locate: locate)
        let order = loader.units.map(\.file.name) + [file.name]
        let all = Checker.inFileOrder(parseDiagnostics + checkDiagnostics + loader.diagnostics)
        self.unit = unit
        self.modules = loader.units
        self.diagnostics = all.enumerated().sorted { a, b in
            let x = order.firstIndex(of: a.element.range?.file.name ?? file.name) ?? order.count
            let y = order.firstIndex(of: b.element.range?.file.name ?? file.name) ?? order.count
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        self.program = all.contains { $0.severity == .error } ? nil : program
    }

    /// The errors to report when the guideline is used (run, diffed, loaded by a script). A file
    /// that is not a guideline at all (no header: a text file named by mistake) gets one error
    /// that names it without quoting its lines, which may hold anything (a password file in a
    /// CI log); `gist check` shows every diagnostic.
    public var errors: [Diagnostic] {
        guard unit.isGuideline else {
            // Declarations that parse without a header are a module, named as such.
            let isModule = !unit.items.isEmpty && !unit.hasSyntaxErrors
                && !unit.items.contains { if case .script = $0 { true } else { false } }
            let what = isModule
                ? "is a module (declarations only), not a guideline: a guideline reads it with use \"\(unit.file.name)\""
                : "is not a guideline: it does not start with a header guideline \"name\" { … }"
            return [Diagnostic(.notAGuideline, "\(unit.file.name) \(what)", at: nil)]
        }
        return diagnostics.filter { $0.severity == .error }
    }
}
