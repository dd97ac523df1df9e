/// What `gist check` reports for one guideline file, in order: the lexer's, parser's and
/// checker's diagnostics (in file order); then, for a guideline without errors, the input-space
/// findings; less those a `gist:ignore` pragma silences. Front ends only print the result.
public enum GuidelineCheck {
    /// `read`: the text of the modules the guideline uses (see `ModuleLoader`).
    public static func run(_ file: SourceFile, read: ModuleLoader.Reader? = nil, nodeLimit: Int = 4_000_000) -> [Diagnostic] {
        let c = Compilation(file, read: read)
        var all = c.diagnostics
        // The input-space analyses need a program without errors.
        if let program = c.program {
            all += Findings.analyse(program, nodeLimit: max(1, nodeLimit))
        }
        // Each file's pragmas silence the findings in it. A module checked alone has no
        // findings: its pragmas are for the guidelines that use it.
        for u in c.modules + [c.unit] where !u.isModule || u.file !== file {
            all = Pragmas.apply(all, comments: u.comments, file: u.file)
        }
        return all
    }
}
