/// Reads the modules a guideline uses (`use "common/inputs.gist"`): files of declarations only
/// (enums, inputs, lets, tables, evidence schemes, recommendations, sub-pathways) whose names
/// become the guideline's. Paths are relative to the using file's folder; the text comes from
/// `read` (the front end's file system, or git for `gist diff REV:path`), so the core does no
/// I/O. A module may use other modules; each file is read once, and a cycle of uses is an error.
public struct ModuleLoader {
    /// The text of a file, by its path (already joined to the using file's folder).
    public typealias Reader = (String) throws -> String
    /// The path of a module used as `path` by the file named `usingFile`. Module names are
    /// paths in the reader's namespace: a front end whose files carry more than a path in their
    /// names (git's `REV:path`) locates modules in that same namespace.
    public typealias Locator = (_ usingFile: String, _ path: String) -> String

    /// The default: `path` is relative to the using file's folder.
    public static func besideUsingFile(_ usingFile: String, _ path: String) -> String {
        Paths.join(Paths.directory(of: usingFile), path)
    }

    /// Most modules one guideline may use, directly or not (a bound against runaway inputs).
    public static let maxModules = 100

    let read: Reader?
    let locate: Locator
    /// The modules read, each after the modules it uses.
    public private(set) var units: [SourceUnit] = []
    public private(set) var diagnostics: [Diagnostic] = []
    var seen: Set<String> = []
    /// The files whose uses are being followed, outermost first (to report cycles).
    var using: [String] = []

    public init(read: Reader?, locate: @escaping Locator = ModuleLoader.besideUsingFile) {
        self.read = read
        self.locate = locate
    }

    /// Reads every module `unit` uses, directly or not.
    public mutating func load(usesOf unit: SourceUnit) {
        using.append(unit.file.name)
        defer { using.removeLast() }
        for case .script(.use(let path, let span)) in unit.items {
            let at = SourceRange(unit.file, span)
            let full = locate(unit.file.name, path)
            if let k = using.firstIndex(of: full) {
                let chain = (using[k...] + [full]).joined(separator: " -> ")
                diagnostics.append(Diagnostic(.useCycle, "'\(path)' is used by a file it uses: \(chain)", at: at))
                continue
            }
            guard seen.insert(full).inserted else { continue }
            guard seen.count <= ModuleLoader.maxModules else {
                diagnostics.append(Diagnostic(.useCycle, "more than \(ModuleLoader.maxModules) modules are used", at: at))
                return
            }
            guard let read else {
                diagnostics.append(Diagnostic(.unreadable, "cannot read \(full): no files can be read here", at: at))
                continue
            }
            let text: String
            do { text = try read(full) } catch {
                diagnostics.append(Diagnostic(.unreadable, "cannot read \(full): \(ModuleLoader.reason(error, reading: full))", at: at))
                continue
            }
            let (module, parsed) = Parser.parse(SourceFile(name: full, text: text))
            diagnostics += Checker.inFileOrder(parsed + ModuleLoader.misplaced(module, usedAt: at))
            load(usesOf: module)
            units.append(module)
        }
    }

    /// Why reading `path` failed, without the path: readers' errors often start with it
    /// already (`nope.gist: no such file`), and messages name it once.
    public static func reason(_ error: any Error, reading path: String) -> String {
        let text = "\(error)"
        return text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text
    }

    /// A module holds declarations only: its header, pathway and script statements are errors.
    static func misplaced(_ module: SourceUnit, usedAt: SourceRange) -> [Diagnostic] {
        let note = Diagnostic.Note.related("used at \(usedAt.file.name):\(usedAt.line)", usedAt)
        var out: [Diagnostic] = []
        for item in module.items {
            let what: String
            switch item {
            case .header: what = "a guideline header"
            case .pathway(let p) where p.name == nil: what = "the pathway (a module may declare named sub-pathways: pathway NAME { … })"
            case .script(.use): continue
            case .script: what = "a script statement"
            default: continue
            }
            out.append(Diagnostic(.notAModule, "\(module.file.name) is used as a module, which holds declarations only, but has \(what)",
                                  at: SourceRange(module.file, item.span), notes: [note]))
        }
        return out
    }
}
