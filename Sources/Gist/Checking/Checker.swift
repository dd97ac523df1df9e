/// Resolves names, checks types and units, and lowers a guideline's syntax tree to a `Program`.
///
/// All problems are collected; the program is returned only when there are no errors.
public struct Checker {
    /// The file of the declaration or statement being checked: the guideline's, or a module's
    /// (`use "common.gist"`) while one of its declarations is.
    var file: SourceFile
    /// The file each value (let, table), sub-pathway and code was declared in, by name.
    var declaredIn: [String: SourceFile] = [:]
    var diagnostics: [Diagnostic] = []

    var enums: [EnumInfo] = []
    var enumIndex: [String: Int] = [:]
    var inputs: [InputInfo] = []
    var inputIndex: [String: Int] = [:]

    var letDecls: [String: LetDecl] = [:]
    var tableDecls: [String: TableDecl] = [:]
    enum ResolveState { case visiting, done(slot: Int, type: GType), failed }
    var resolving: [String: ResolveState] = [:]
    var resolveStack: [String] = []
    var derived: [DerivedInfo] = []
    /// The unit each expression compared with a number written with a unit is read in.
    var writtenUnits: [IR: UnitInfo] = [:]
    var tables: [TableInfo] = []
    /// Uses that close a cycle of values (already reported), from the value using to the used.
    struct CycleUse: Hashable { var from: String, to: String }
    var cycleUses: Set<CycleUse> = []

    var recommendations: [RecommendationInfo] = []
    var recIndex: [String: Int] = [:]
    var usedNames: Set<String> = []
    /// Declarations the parser could not read (`SourceUnit.brokenNames`): uses of them are
    /// not reported again.
    var brokenNames: Set<String> = []
    var usedCodes: Set<String> = []
    var branchCount = 0
    var defaultSource = ""
    /// Sub-pathways by name; the `follow` sites being expanded (to report recursion); those
    /// expanded once already (a second use reports nothing new); the nodes made by expansion.
    var subpathways: [String: PathwayDecl] = [:]
    var following: [FollowSite] = []
    /// Where each `follow` put its nodes (for the flowchart); the branch whose block is being
    /// checked (nil: the pathway's top level).
    var follows: [FollowUse] = []
    var parentBranch: Int?
    var expanded: Set<String> = []
    var expandedNodes = 0
    /// Blocks open around the statement being checked, sub-pathways' included; the passes over
    /// the pathway recurse once per level, so expansion may not nest deeper than a file can.
    var nesting = 0
    var reportedTooDeepNesting = false
    var recommendReasons: [SourceRange: String] = [:]
    var evidenceSchemes: [EvidenceScheme] = []

    /// Names of derived values of an already checked program (scripts check against it).
    var knownDerived: [String: (slot: Int, type: GType)] = [:]

    public init(file: SourceFile) { self.file = file }

    /// A checker for expressions in `file` (a script) against a checked program's names.
    public init(file: SourceFile, program: Program) {
        self.file = file
        self.enums = program.enums
        for (i, e) in program.enums.enumerated() { enumIndex[e.name] = i }
        self.inputs = program.inputs
        for (i, input) in program.inputs.enumerated() { inputIndex[input.name] = i }
        for (k, d) in program.derived.enumerated() { knownDerived[d.name] = (program.inputs.count + k, d.type) }
        for (i, r) in program.recommendations.enumerated() { recIndex[r.code] = i }
        self.recommendations = program.recommendations
    }

    /// Checks a script expression against the program; returns its IR and type, or the
    /// diagnostics.
    public mutating func checkExpression(_ e: Expr, expected: GType?) -> (IR, GType, [Diagnostic]) {
        diagnostics = []
        let (ir, t) = check(e, expected: expected)
        if let expected, t != .error, expected != .error, !compatible(t, expected) {
            report(.typeMismatch, "expected \(typeName(expected)), found \(typeName(t))", e.span)
        }
        return (ir, t, diagnostics)
    }

    /// Checks a constant of a given type (a case field's value).
    public mutating func checkConstant(_ e: Expr, type: GType, what: String) -> (Value?, [Diagnostic]) {
        let (ir, t, ds) = checkExpression(e, expected: type)
        guard !ds.contains(where: { $0.severity == .error }), t != .error else { return (nil, ds) }
        diagnostics = []
        let v = constant(ir, e.span, what: what)
        return (v, diagnostics)
    }

    /// Checks a parsed guideline. Returns the program when there are no errors.
    ///
    /// A unit where the parser stopped early (`too-deep`) is not checked: its missing items would
    /// only give follow-on errors (no pathway, unknown codes, unused inputs).
    /// Longest chain of lets and tables (each using the next) a value may be computed through.
    public static let maxDerivedDepth = 1_000

    /// `modules`: the files the guideline uses, dependencies first; their declarations are the
    /// guideline's.
    public static func check(_ unit: SourceUnit, modules: [SourceUnit] = [],
                             locate: ModuleLoader.Locator = ModuleLoader.besideUsingFile) -> (program: Program?, diagnostics: [Diagnostic]) {
        if unit.stoppedEarly || modules.contains(where: \.stoppedEarly) { return (nil, []) }
        var c = Checker(file: unit.file)
        let p = c.checkGuideline(unit, modules: modules, locate: locate)
        return (c.diagnostics.contains { $0.severity == .error } ? nil : p, c.diagnostics)
    }

    /// Parses and checks a guideline from text. The diagnostics of both passes come in file
    /// order.
    public static func compile(_ file: SourceFile) -> (program: Program?, diagnostics: [Diagnostic]) {
        let c = Compilation(file)
        return (c.program, c.diagnostics)
    }

    /// Diagnostics sorted by where they start (a stable sort: diagnostics at one position keep
    /// their order); those without a position come last.
    public static func inFileOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let x = a.element.range?.span.start ?? Int.max, y = b.element.range?.span.start ?? Int.max
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }

    /// Reports a problem of kind `id` (its severity comes with the kind).
    mutating func report(_ id: DiagnosticID, _ message: String, _ span: Span, notes: [Diagnostic.Note] = []) {
        diagnostics.append(Diagnostic(id, message, at: SourceRange(file, span), notes: notes))
    }
    mutating func report(_ id: DiagnosticID, _ message: String, at range: SourceRange, notes: [Diagnostic.Note] = []) {
        diagnostics.append(Diagnostic(id, message, at: range, notes: notes))
    }

    /// Where an earlier declaration stands, as a message says it: `line 12` in the file being
    /// checked, `common.gist:12` in another.
    func place(_ r: SourceRange) -> String {
        r.file.name == file.name ? "line \(r.line)" : "\(r.file.name):\(r.line)"
    }

    /// A clash with an earlier declaration: the message names where it is; a note shows it
    /// (`first declared at m1.gist:2: input size: length in cm`) when it is in another file (a
    /// module), which the diagnostic's source line does not show.
    mutating func reportClash(_ id: DiagnosticID, _ what: String, _ span: Span, first: SourceRange) {
        let line = first.file.lineText(first.line)
        let declaration = String(line.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        let notes: [Diagnostic.Note] = first.file.name == file.name ? []
            : [.related("first declared at \(first.file.name):\(first.line): \(declaration)", first)]
        report(id, "\(what) is already declared at \(place(first))", span, notes: notes)
    }
    func range(_ span: Span) -> SourceRange { SourceRange(file, span) }

    // MARK: the guideline

    /// `locate` names the module a `use` reads, as the loader that read `modules` named it.
    mutating func checkGuideline(_ unit: SourceUnit, modules: [SourceUnit], locate: ModuleLoader.Locator) -> Program? {
        var items = GuidelineItems()
        let units = modules + [unit]
        for u in units { brokenNames.formUnion(u.brokenNames) }
        let hasSyntaxErrors = units.contains(where: \.hasSyntaxErrors)
        // A module's declarations stand where it is first used, so they keep their order
        // among the guideline's (the order of inputs is that of `needs` and of `:show`).
        var pending = Dictionary(modules.map { ($0.file.name, $0) }, uniquingKeysWith: { a, _ in a })
        func collectUnit(_ u: SourceUnit, into items: inout GuidelineItems) {
            for item in u.items {
                if case .script(.use(let path, _)) = item {
                    if let m = pending.removeValue(forKey: locate(u.file.name, path)) { collectUnit(m, into: &items) }
                    continue
                }
                file = u.file
                collect(item, into: &items, inModule: u.file.name != unit.file.name)
            }
        }
        collectUnit(unit, into: &items)
        file = unit.file
        let (pathway, inputDecls, recDecls, exclusiveDecls, valueDecls) =
            (items.pathway, items.inputs, items.recommendations, items.exclusive, items.values)

        // A module checked on its own (`gist check common.gist`): its declarations are checked;
        // what is unused is only known in a guideline that uses it.
        let isModule = items.header == nil && unit.isModule
        guard isModule || items.header != nil else {
            let span = unit.items.isEmpty ? Span(0, 0) : Span(0, min(1, file.bytes.count))
            report(.missingHeader, "a guideline must start with a header: guideline \"name\" { version \"…\" source \"…\" }", span)
            return nil
        }
        let header = items.header ?? GuidelineHeader(name: "", fields: [], span: Span(0, 0))
        for key in ["version", "source"] where header.value(key) == nil && !isModule {
            report(.missingHeaderField, "the guideline header needs '\(key) \"…\"'", header.span)
        }
        var seenKeys: Set<String> = []
        for f in header.fields {
            if !seenKeys.insert(f.key.text).inserted { report(.duplicateHeaderField, "'\(f.key.text)' is given twice in the header", f.span) }
        }
        if let d = header.value("date"), !isISODate(d) {
            if let f = header.fields.first(where: { $0.key.text == "date" }) {
                report(.badDate, "date '\(d)' is not an ISO date (YYYY-MM-DD)", f.span)
            }
        }
        defaultSource = header.value("source") ?? ""

        // Inline enums are named after their input.
        for (i, f) in inputDecls {
            file = f
            if case .inlineEnum(let members) = i.type.kind { declareEnum(i.name, members, i.type.span, inline: true) }
        }
        for (i, f) in inputDecls { file = f; declareInput(i) }
        file = unit.file
        // `today` read by the guideline or one of its modules.
        let reader = units.first { $0.readsName(Checker.evaluationDateName) } ?? unit
        let todaySlot = declareEvaluationDate(reader, declared: Set(inputDecls.map(\.0.name.text) + valueDecls.map(\.0.text)))

        // Value names must be unique across inputs, lets and tables.
        var seen: [String: SourceRange] = [:]
        for (i, f) in inputDecls where seen[i.name.text] == nil { seen[i.name.text] = SourceRange(f, i.name.span) }
        for (n, f) in valueDecls {
            file = f
            if let prev = seen[n.text] {
                reportClash(.duplicateDeclaration, "'\(n.text)'", n.span, first: prev)
            } else { seen[n.text] = SourceRange(f, n.span) }
        }
        file = unit.file
        for name in resolutionOrder(valueDecls.map(\.0.text)) { _ = resolveDerived(name) }

        for (r, f) in recDecls { file = f; declareRecommendation(r) }
        var exclusive: [[Int]] = []
        for (x, f) in exclusiveDecls {
            file = f
            var group: [Int] = []
            for c in x.codes {
                guard let i = lookupCode(c) else { continue }
                if group.contains(i) {
                    report(.duplicateCode, "'\(c.text)' is listed twice in 'exclusive'", c.span)
                    continue
                }
                group.append(i)
                usedCodes.insert(c.text)
            }
            exclusive.append(group)
        }
        file = unit.file

        var nodes: [PathNode] = []
        if isModule {
            for (_, p) in subpathways.sorted(by: { $0.value.span.start < $1.value.span.start }) { _ = checkBlock(p.body) }
            return nil
        }
        if let pathway { nodes = checkBlock(pathway.body) } else {
            report(.missingPathway, "the guideline has no 'pathway { … }'", header.span)
        }

        // A sub-pathway no pathway follows is still checked, for its errors; it adds no branches.
        let savedBranches = branchCount
        let unfollowed = subpathways.filter { !expanded.contains($0.key) }.map { (name: $0.key, decl: $0.value, file: declaredIn["pathway " + $0.key] ?? unit.file) }
        for (name, p, f) in unfollowed.sorted(by: { ($0.file.name, $0.decl.span.start) < ($1.file.name, $1.decl.span.start) }) {
            file = f
            report(.unusedPathway, "pathway '\(name)' is never followed", p.name?.span ?? p.span)
            _ = checkBlock(p.body)
        }
        file = unit.file
        branchCount = savedBranches

        // Things declared but never used; not known when the parser skipped tokens.
        for i in inputs where !usedNames.contains(i.name) && !hasSyntaxErrors {
            report(.unusedInput, "input '\(i.name)' is not used by any condition", at: i.range)
        }
        for d in derived where !usedNames.contains(d.name) && !hasSyntaxErrors {
            report(.unusedValue, "'\(d.name)' is never used", at: d.range)
        }

        for k in derived.indices {
            guard let u = writtenUnits[.slot(inputs.count + k)] else { continue }
            // A quantity of the unit's dimension, or a number compared with a ratio (`mg/kg`).
            if derived[k].type == .quantity(u.dimension) || derived[k].type == .number && u.dimension.isRatio { derived[k].unit = u }
        }
        var program = Program(name: header.name, version: header.value("version") ?? "", date: header.value("date"),
                       source: defaultSource, file: file, enums: enums, inputs: inputs, derived: derived,
                       tables: tables, recommendations: recommendations, exclusive: exclusive,
                       pathway: nodes, pathwayRange: pathway.map { SourceRange(file, $0.span) }, branchCount: branchCount,
                       recommendReasons: recommendReasons, follows: follows, evidenceSchemes: evidenceSchemes, todaySlot: todaySlot)
        program.writtenUnits = writtenUnits
        return program
    }

    /// The declarations of the guideline and its modules, gathered in file order, each with the
    /// file it is written in.
    struct GuidelineItems {
        var header: GuidelineHeader?
        var pathway: PathwayDecl?
        var inputs: [(InputDecl, SourceFile)] = []
        var recommendations: [(RecommendationDecl, SourceFile)] = []
        var exclusive: [(ExclusiveDecl, SourceFile)] = []
        var values: [(Name, SourceFile)] = []
    }

    /// Takes note of one item of the file being checked (`file`). A module's header, pathway
    /// and script statements are reported by the module loader (`not-a-module`) and skipped.
    mutating func collect(_ item: Item, into c: inout GuidelineItems, inModule: Bool) {
        switch item {
        case .header(let h):
            if inModule { return }
            if c.header != nil { report(.duplicateHeader, "a guideline has one header", h.span) } else { c.header = h }
        case .enumDecl(let e): declareEnum(e.name, e.members, e.span)
        case .input(let i): c.inputs.append((i, file))
        case .letDecl(let l):
            c.values.append((l.name, file))
            if letDecls[l.name.text] == nil, tableDecls[l.name.text] == nil { letDecls[l.name.text] = l; declaredIn[l.name.text] = file }
        case .table(let t):
            c.values.append((t.name, file))
            if letDecls[t.name.text] == nil, tableDecls[t.name.text] == nil { tableDecls[t.name.text] = t; declaredIn[t.name.text] = file }
        case .recommendation(let r): c.recommendations.append((r, file))
        case .evidenceScheme(let e): declareEvidenceScheme(e)
        case .exclusive(let x): c.exclusive.append((x, file))
        case .pathway(let p):
            if let name = p.name {
                if let prev = subpathways[name.text], let prevFile = declaredIn["pathway " + name.text] {
                    reportClash(.duplicateDeclaration, "pathway '\(name.text)'", name.span, first: SourceRange(prevFile, prev.name?.span ?? prev.span))
                } else {
                    subpathways[name.text] = p
                    declaredIn["pathway " + name.text] = file
                }
            } else if inModule {
                return
            } else if c.pathway != nil { report(.duplicatePathway, "a guideline has one pathway", p.span) } else { c.pathway = p }
        case .script(let s):
            if inModule { return }
            // `use "file.gist"` brings a module's declarations (read by `ModuleLoader`).
            if case .use = s { return }
            report(.scriptInGuideline, "script statements belong in a script, not in a guideline", s.span)
        }
    }

    func nameSpan(_ r: SourceRange) -> Span { r.span }

    /// `YYYY-MM-DD`, a real calendar day (Gregorian, with leap years).
    func isISODate(_ s: String) -> Bool { CalendarDate.parse(s) != nil }

    // MARK: declarations

    /// Names the language gives a meaning as types; an enum (or an input with an inline enum,
    /// which names its enum after itself) may not take them.
    static let builtinTypeNames = ["length", "area", "volume", "duration", "mass", "dose", "quantity", "date",
                                   "count", "number", "bool", "set"]

    mutating func declareEnum(_ name: Name, _ members: [Name], _ span: Span, inline: Bool = false) {
        if Checker.builtinTypeNames.contains(name.text) {
            let notes: [Diagnostic.Note] = inline ? ["an input of listed members names its enum after itself, so the input needs another name"] : []
            report(.builtinTypeName, "'\(name.text)' is a built-in type; choose another name", name.span, notes: notes)
            // An input's own enum is still made, so its members are known where it is used.
            if !inline { return }
        }
        if let prev = enumIndex[name.text] {
            if let first = enums[prev].range, first.file.name != file.name {
                reportClash(.duplicateDeclaration, "type '\(name.text)'", name.span, first: first)
            } else {
                report(.duplicateDeclaration, "type '\(name.text)' is already declared", name.span)
            }
            return
        }
        var seen: Set<String> = []
        for m in members where !seen.insert(m.text).inserted {
            report(.duplicateMember, "'\(m.text)' is listed twice in enum '\(name.text)'", m.span)
        }
        if members.count > 64 {
            report(.tooManyMembers, "enum '\(name.text)' has \(members.count) members; at most 64 are supported", name.span)
        }
        enumIndex[name.text] = enums.count
        enums.append(EnumInfo(name: name.text, members: members.map(\.text), range: range(span)))
    }

    mutating func resolveType(_ t: TypeRef, inputName: String? = nil) -> GType {
        switch t.kind {
        case .named(let n):
            switch n {
            case "length": return .quantity(.length)
            case "area": return .quantity(.area)
            case "volume": return .quantity(.volume)
            case "duration": return .quantity(.duration)
            case "mass": return .quantity(.mass)
            case "dose": return .quantity(.dose)
            case "date": return .quantity(.date)
            case "quantity":
                // Only an input says its unit (`input x: quantity in mg/dL`, see declareInput).
                report(.unknownType, "'quantity' takes its dimension from a unit: declare an input 'quantity in UNIT', or name the dimension (length, area, volume, mass, dose, duration)", t.span)
                return .error
            case "count": return .count
            case "number": return .number
            case "bool": return .bool
            default:
                if let e = enumIndex[n] { return .enumeration(e) }
                if brokenNames.contains(n) { return .error }
                let known = Checker.builtinTypeNames.filter { $0 != "set" } + enums.map(\.name)
                report(.unknownType, "unknown type '\(n)'", t.span, notes: suggestion(n, known))
                return .error
            }
        case .setOf(let e):
            if let i = enumIndex[e.text] { return .set(i) }
            if brokenNames.contains(e.text) { return .error }
            report(.unknownType, "unknown enum '\(e.text)' in 'set of'", e.span, notes: suggestion(e.text, enums.map(\.name)))
            return .error
        case .inlineEnum:
            if let n = inputName, let e = enumIndex[n] { return .enumeration(e) }
            return .error
        }
    }

    func suggestion(_ name: String, _ candidates: [String]) -> [Diagnostic.Note] {
        Suggest.didYouMean(name, among: candidates)
    }

    mutating func declareInput(_ d: InputDecl) {
        if let prev = inputIndex[d.name.text] {
            if inputs[prev].range.file.name != file.name {
                reportClash(.duplicateDeclaration, "input '\(d.name.text)'", d.name.span, first: inputs[prev].range)
            } else {
                report(.duplicateDeclaration, "input '\(d.name.text)' is already declared", d.name.span)
            }
            return
        }
        var type: GType
        var unit: UnitInfo?
        if d.type.kind == .named("quantity") {
            // A quantity of the dimension of its `in` unit (`quantity in mg/dL`).
            if let u = d.unit, let info = Units.lookup(u.text) { type = .quantity(info.dimension) }
            else if d.unit == nil {
                report(.missingInputUnit, "input '\(d.name.text)' is a quantity: say its unit, which is also the unit of bare numbers in records, e.g. 'in mg/dL'", d.type.span)
                type = .error
            } else { type = .error }  // the unknown unit is reported below
        } else {
            type = resolveType(d.type, inputName: d.name.text)
        }
        if type == .quantity(.date), let u = d.unit {
            report(.unitOnNonQuantity, "'\(d.name.text)' is a date, so it takes no unit (records write dates as YYYY-MM-DD)", u.span)
        } else if let u = d.unit {
            if let info = Units.lookup(u.text) {
                if case .quantity(let dim) = type, dim != info.dimension {
                    report(.unitMismatch, "unit '\(u.text)' is \(info.dimension.withArticle) unit, but '\(d.name.text)' is \(dim.withArticle)", u.span)
                } else if case .quantity = type {
                    unit = info
                } else if type != .error {
                    report(.unitOnNonQuantity, "'\(d.name.text)' is not a quantity, so it takes no unit", u.span)
                }
            } else {
                report(.unknownUnit, "unknown unit '\(u.text)'", u.span, notes: suggestion(u.text, Units.names))
            }
        } else if case .quantity(let dim) = type, !dim.isDate {
            report(.missingInputUnit, "input '\(d.name.text)' is \(dim.withArticle): say the unit of bare numbers in records, e.g. 'in \(dim == .length ? "cm" : dim.baseUnit)'", d.type.span)
        }
        let slot = inputs.count
        inputIndex[d.name.text] = slot
        // Register first so that the range can mention the input itself.
        inputs.append(InputInfo(name: d.name.text, type: type, unit: unit, defaultValue: nil, lower: nil, upper: nil,
                                doc: d.doc, range: range(d.name.span)))

        var lower: Bound?, upper: Bound?
        if let r = d.range { (lower, upper) = checkRange(r, input: d.name.text, slot: slot, type: type, unit: unit == nil ? nil : d.unit?.text) }
        var def: Value?
        if let e = d.defaultValue {
            let (ir, t) = check(e, expected: type)
            if t != .error, type != .error, !compatible(t, type) {
                report(.typeMismatch, "default of '\(d.name.text)' must be \(typeName(type)), found \(typeName(t))", e.span)
            } else if let v = constant(ir, e.span, what: "a default") {
                if type == .count, !isCount(v) {
                    report(.notACount, "default of '\(d.name.text)' must be a count (a whole number >= 0), found \(describeNumber(v))", e.span)
                } else {
                    def = v
                    if case .number(let x) = v, !within(x, lower, upper) {
                        report(.defaultOutOfRange, "default of '\(d.name.text)' is outside its range", e.span)
                    }
                }
            }
        }
        inputs[slot] = InputInfo(name: d.name.text, type: type, unit: unit, defaultValue: def, lower: lower, upper: upper,
                                 doc: d.doc, range: range(d.name.span), fixed: d.fixed)
    }

    /// Whether a value may be a count: a whole number >= 0 (or unknown).
    func isCount(_ v: Value) -> Bool {
        if case .number(let x) = v { return x >= .zero && x.isInteger }
        return true
    }

    func describeNumber(_ v: Value) -> String {
        if case .number(let x) = v { return formatNumber(x) }
        return "\(v)"
    }

    func within(_ x: Rational, _ lo: Bound?, _ hi: Bound?) -> Bool {
        if let lo, lo.inclusive ? x < lo.value : x <= lo.value { return false }
        if let hi, hi.inclusive ? x > hi.value : x >= hi.value { return false }
        return true
    }

    /// A `where` clause: comparisons of the input with constants, joined by a chain or `and`.
    /// `unit` is the input's unit (for quantities), used in the example of the message.
    mutating func checkRange(_ e: Expr, input: String, slot: Int, type: GType, unit: String?) -> (Bound?, Bound?) {
        // A range the parser could not read is reported already.
        if case .error = e.kind { return (nil, nil) }
        guard type.isNumeric else {
            report(.invalidRange, "only numbers, counts and quantities can have a range", e.span)
            return (nil, nil)
        }
        let example: String
        if case .quantity(let dim) = type {
            let u = unit ?? (dim == .length ? "cm" : dim.baseUnit)
            example = "where 0 \(u) < \(input) <= 50 \(u)"
        } else {
            example = "where 0 <= \(input) <= 50"
        }
        var lower: Bound?, upper: Bound?
        func isSelf(_ x: Expr) -> Bool { if case .name(let n) = x.kind { return n == input } else { return false } }
        var pairs: [(Expr, CompareOp, Expr)] = []
        func collect(_ x: Expr) -> Bool {
            switch x.kind {
            case .paren(let inner): return collect(inner)
            case .and(let a, let b): return collect(a) && collect(b)
            case .compare(let operands, let ops):
                for (k, op) in ops.enumerated() { pairs.append((operands[k], op, operands[k + 1])) }
                return true
            default: return false
            }
        }
        guard collect(e) else {
            report(.invalidRange, "a range compares '\(input)' with constants, e.g. '\(example)'", e.span)
            return (nil, nil)
        }
        for (a, op, b) in pairs {
            let selfLeft = isSelf(a), selfRight = isSelf(b)
            guard selfLeft != selfRight, op != .eq, op != .ne else {
                report(.invalidRange, "a range compares '\(input)' with constants, e.g. '\(example)'", e.span)
                return (nil, nil)
            }
            let other = selfLeft ? b : a
            let (ir, t) = check(other, expected: type)
            if t != .error, !comparable(t, type) {
                reportIncompatible(t, type, at: other.span, context: "compare")
                continue
            }
            guard let v = constant(ir, other.span, what: "a range bound"), case .number(let x) = v else { continue }
            // Normalise to `input OP x`.
            var o = op
            if selfRight { o = [.lt: .gt, .le: .ge, .gt: .lt, .ge: .le][op] ?? op }
            switch o {
            case .gt: lower = Bound(value: x, inclusive: false)
            case .ge: lower = Bound(value: x, inclusive: true)
            case .lt: upper = Bound(value: x, inclusive: false)
            case .le: upper = Bound(value: x, inclusive: true)
            default: break
            }
        }
        if let lower, let upper, lower.value > upper.value || (lower.value == upper.value && !(lower.inclusive && upper.inclusive)) {
            report(.emptyRange, "the range of '\(input)' contains no value", e.span)
        }
        return (lower, upper)
    }

    // MARK: derived values

    /// The lets and tables in an order where each comes after the values it uses (a depth-first
    /// post-order, visiting uses in the order `check` meets them), so that `resolveDerived` does
    /// not recurse through long chains of values. A cycle is reported here, at its first value
    /// in declaration order, and the use that closes it is recorded in `cycleUses`: the checks
    /// treat it as an error already reported, so every value of the cycle is still checked once.
    ///
    /// A value computed through a chain of more than `maxDerivedDepth` lets and tables is reported
    /// (`too-deep`): evaluation and the analyses follow such chains by recursion.
    mutating func resolutionOrder(_ names: [String]) -> [String] {
        var order: [String] = []
        var state: [String: Bool] = [:]   // false: on the path, true: finished
        var depth: [String: Int] = [:]    // values in the longest chain down from a finished one
        var reportedTooDeep = false
        for root in names where letDecls[root] != nil || tableDecls[root] != nil {
            guard state[root] == nil else { continue }
            var path: [(name: String, uses: [String], next: Int)] = [(root, derivedUses(root), 0)]
            state[root] = false
            while let top = path.last {
                if top.next == top.uses.count {
                    path.removeLast()
                    state[top.name] = true
                    order.append(top.name)
                    let d = 1 + (top.uses.compactMap { depth[$0] }.max() ?? 0)
                    depth[top.name] = d
                    // (Through a cycle, which is reported already, there is no chain to speak of.)
                    if d > Checker.maxDerivedDepth, !reportedTooDeep, cycleUses.isEmpty {
                        reportedTooDeep = true
                        let span = letDecls[top.name]?.name.span ?? tableDecls[top.name]?.name.span ?? Span.none
                        report(.tooDeep, "'\(top.name)' is computed through a chain of more than \(Checker.maxDerivedDepth) lets and tables; shorten the chain",
                               at: SourceRange(declaredIn[top.name] ?? file, span))
                    }
                    continue
                }
                path[path.count - 1].next += 1
                let use = top.uses[top.next]
                switch state[use] {
                case nil:
                    state[use] = false
                    path.append((use, derivedUses(use), 0))
                case false?:
                    let names = path.map(\.name)
                    let cycle = (names.drop(while: { $0 != use }) + [use]).joined(separator: " -> ")
                    let span = letDecls[use]?.name.span ?? tableDecls[use]?.name.span ?? Span.none
                    report(.cycle, "'\(use)' depends on itself: \(cycle)", at: SourceRange(declaredIn[use] ?? file, span))
                    cycleUses.insert(CycleUse(from: top.name, to: use))
                case true?: break
                }
            }
        }
        return order
    }

    /// The lets and tables an expression of a let or table names, in the order `check` meets them.
    func derivedUses(_ name: String) -> [String] {
        var exprs: [Expr] = []
        if let l = letDecls[name] {
            exprs = [l.value]
        } else if let t = tableDecls[name] {
            exprs = t.columns
            for row in t.rows {
                for cell in row.cells {
                    switch cell.kind {
                    case .any, .oneOf: break
                    case .compare(_, let e), .equals(let e): exprs.append(e)
                    case .interval(let lo, _, let hi, _): exprs += [lo, hi]
                    }
                }
                exprs.append(row.output)
            }
        }
        var uses: [String] = []
        var seen: Set<String> = []
        // Depth-first, left to right, without recursion: the stack holds what is still to visit,
        // the next one last.
        var stack = Array(exprs.reversed())
        while let e = stack.popLast() {
            switch e.kind {
            case .name(let n):
                if inputIndex[n] == nil, letDecls[n] != nil || tableDecls[n] != nil, seen.insert(n).inserted { uses.append(n) }
            case .number, .string, .bool, .qualified, .setLiteral, .error: break
            case .paren(let a), .negate(let a), .not(let a): stack.append(a)
            case .arith(_, let a, let b), .and(let a, let b), .or(let a, let b): stack += [b, a]
            case .compare(let operands, _): stack += operands.reversed()
            case .membership(let elem, let set, _):
                // `check` reads a set literal after the element, another set before it.
                if case .setLiteral = set.kind { stack += [set, elem] } else { stack += [elem, set] }
            case .conditional(let c, let a, let b): stack += [b, a, c]
            case .call(_, let args): stack += args.reversed()
            }
        }
        return uses
    }

    /// Resolves a let or table on first use, so declarations may come in any order.
    mutating func resolveDerived(_ name: String) -> (slot: Int, type: GType)? {
        switch resolving[name] {
        case .done(let slot, let type): return (slot, type)
        case .failed: return nil
        case .visiting:
            let cycle = (resolveStack.drop(while: { $0 != name }) + [name]).joined(separator: " -> ")
            let span = letDecls[name]?.name.span ?? tableDecls[name]?.name.span ?? Span.none
            report(.cycle, "'\(name)' depends on itself: \(cycle)", at: SourceRange(declaredIn[name] ?? file, span))
            resolving[name] = .failed
            return nil
        case nil: break
        }
        resolving[name] = .visiting
        resolveStack.append(name)
        let using = file
        file = declaredIn[name] ?? file
        defer { resolveStack.removeLast(); file = using }
        var result: (DerivedInfo)?
        if let l = letDecls[name] {
            let declared = l.type.map { resolveType($0) }
            let (ir, t) = check(l.value, expected: declared)
            var type = t
            if let declared, declared != .error, t != .error, !compatible(t, declared) {
                report(.typeMismatch, "'\(name)' is declared \(typeName(declared)) but its value is \(typeName(t))", l.value.span)
            } else if declared == .count, t == .number, ir.slots.isEmpty, !isCount(Evaluator.evaluateConstant(ir)) {
                report(.notACount, "'\(name)' is declared count (a whole number >= 0), but its value is \(describeNumber(Evaluator.evaluateConstant(ir)))", l.value.span)
            }
            if let declared, declared != .error { type = declared }
            result = DerivedInfo(name: name, type: type, kind: .letValue(ir), doc: l.doc, range: range(l.name.span),
                                 source: file.text(of: l.value.span))
        } else if let t = tableDecls[name] {
            if let (table, type) = checkTable(t) {
                tables.append(table)
                result = DerivedInfo(name: name, type: type, kind: .table(tables.count - 1), doc: t.doc,
                                     range: range(t.name.span), source: "table \(name)")
            }
        }
        if case .failed = resolving[name] { return nil }
        guard let result else { resolving[name] = .failed; return nil }
        let slot = inputs.count + derived.count
        derived.append(result)
        resolving[name] = .done(slot: slot, type: result.type)
        return (slot, result.type)
    }

    mutating func checkTable(_ t: TableDecl) -> (TableInfo, GType)? {
        let declared = resolveType(t.type)
        var outputType = declared
        // A 'collect' table of another type is reported, and its columns and rows are still
        // checked (with outputs of the declared type), but it gives no value.
        var wrongCollect = false
        if t.policy == .collect {
            if case .set(let e) = declared {
                outputType = .enumeration(e)
            } else {
                if declared != .error {
                    report(.collectNeedsSet, "a 'collect' table gathers several outputs, so its type must be 'set of …'", t.type.span)
                }
                wrongCollect = true
            }
        } else if case .set = declared {
            report(.setNeedsCollect, "a table of type '\(typeName(declared))' must use the 'collect' hit policy", t.policySpan)
        }
        var columns: [IR] = []
        var columnTypes: [GType] = []
        for c in t.columns {
            let (ir, ty) = check(c, expected: nil)
            columns.append(ir)
            columnTypes.append(ty)
        }
        var rows: [RowInfo] = []
        for row in t.rows {
            if row.cells.count != t.columns.count {
                report(.tableArity, "row has \(row.cells.count) cell\(row.cells.count == 1 ? "" : "s"), the table has \(t.columns.count) column\(t.columns.count == 1 ? "" : "s")", row.span)
                continue
            }
            var cells: [CellTest] = []
            for (k, cell) in row.cells.enumerated() { cells.append(checkCell(cell, columnTypes[k], column: t.columns[k])) }
            let (ir, ty) = check(row.output, expected: outputType)
            var out = Value.unknown
            if ty != .error, outputType != .error, !compatible(ty, outputType) {
                report(.typeMismatch, "output must be \(typeName(outputType)), found \(typeName(ty))", row.output.span)
            } else if let v = constant(ir, row.output.span, what: "a table output") {
                if outputType == .count, !isCount(v) {
                    report(.notACount, "output must be a count (a whole number >= 0), found \(describeNumber(v))", row.output.span)
                } else {
                    out = v
                }
            }
            rows.append(RowInfo(cells: cells, output: out, range: range(row.span)))
        }
        if t.rows.isEmpty { report(.emptyTable, "table '\(t.name.text)' has no rows", t.span) }
        if wrongCollect { return nil }
        let info = TableInfo(name: t.name.text, policy: t.policy, columns: columns, columnTypes: columnTypes,
                             columnSources: t.columns.map { file.text(of: $0.span) }, rows: rows,
                             outputType: outputType, range: range(t.name.span))
        return (info, declared)
    }

    mutating func checkCell(_ cell: Cell, _ type: GType, column: Expr) -> CellTest {
        func constantOf(_ e: Expr) -> Value? {
            let (ir, t) = check(e, expected: type)
            if t == .error || type == .error { return nil }
            if !comparable(t, type) && !(t == type) {
                reportIncompatible(t, type, at: e.span, context: "compare")
                return nil
            }
            return constant(ir, e.span, what: "a table cell")
        }
        switch cell.kind {
        case .any: return .any
        case .compare(let op, let e):
            if op != .eq, op != .ne, !type.isNumeric, type != .error {
                report(.notOrdered, "'\(op.rawValue)' needs a number or quantity column, but this column is \(typeName(type))", cell.span)
                return .any
            }
            guard let v = constantOf(e) else { return .any }
            return .compare(op, v)
        case .interval(let lo, let loOpen, let hi, let hiOpen):
            guard type.isNumeric else {
                if type != .error { report(.notOrdered, "an interval needs a number or quantity column, but this column is \(typeName(type))", cell.span) }
                return .any
            }
            guard case .number(let a)? = constantOf(lo), case .number(let b)? = constantOf(hi) else { return .any }
            if a > b || (a == b && (loOpen || hiOpen)) { report(.emptyInterval, "this interval contains no value", cell.span) }
            return .interval(low: a, lowOpen: loOpen, high: b, highOpen: hiOpen)
        case .oneOf(let names, let negated):
            guard case .enumeration(let e) = type else {
                if type != .error { report(.typeMismatch, "a set of members needs an enum column, but this column is \(typeName(type))", cell.span) }
                return .any
            }
            var mask: UInt64 = 0
            for n in names {
                if let m = enums[e].index(of: n.text) { mask |= 1 << UInt64(m) }
                else { reportNotMember(n, e) }
            }
            return .oneOf(mask, negated: negated)
        case .equals(let e):
            guard let v = constantOf(e) else { return .any }
            if case .member(let m) = v { return .oneOf(1 << UInt64(m), negated: false) }
            return .compare(.eq, v)
        }
    }

    // MARK: recommendations and pathway

    mutating func declareRecommendation(_ r: RecommendationDecl) {
        if let prev = recIndex[r.code.text] {
            reportClash(.duplicateCode, "recommendation '\(r.code.text)'", r.code.span, first: recommendations[prev].range)
            return
        }
        if r.text.trimmingSpaces().isEmpty { report(.emptyText, "recommendation '\(r.code.text)' has an empty text", r.span) }
        if r.hasCitation, r.cite.trimmingSpaces().isEmpty { report(.missingCitation, "recommendation '\(r.code.text)' cites an empty section", r.span) }
        recIndex[r.code.text] = recommendations.count
        recommendations.append(RecommendationInfo(code: r.code.text, strength: r.strength, text: r.text, citation: r.cite,
                                                  source: r.source ?? defaultSource, doc: r.doc, range: range(r.code.span),
                                                  evidence: r.evidence.compactMap { checkEvidence($0, of: r.code.text) }))
    }

    mutating func lookupCode(_ n: Name) -> Int? {
        if let i = recIndex[n.text] { return i }
        if brokenNames.contains(n.text) { return nil }
        report(.unknownCode, "unknown recommendation code '\(n.text)'", n.span,
              notes: suggestion(n.text, recommendations.map(\.code)))
        return nil
    }

    mutating func checkBlock(_ body: [Stmt]) -> [PathNode] {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Parser.maxDepth {
            if !reportedTooDeepNesting, let site = following.last {
                reportedTooDeepNesting = true
                report(.tooDeep, "following sub-pathways nests the pathway deeper than \(Parser.maxDepth) levels", site.range.span)
            }
            return []
        }
        var nodes: [PathNode] = []
        for s in body {
            switch s {
            case .when(let w):
                let b = branch(w.condition, span: w.condition.span, because: w.because)
                nodes.append(.when(b, checkBody(w.body, of: b)))
            case .first(let f):
                var alts: [(Branch, [PathNode])] = []
                for w in f.alternatives {
                    let b = branch(w.condition, span: w.condition.span, because: w.because)
                    alts.append((b, checkBody(w.body, of: b)))
                }
                var other: (Branch, [PathNode])?
                if let o = f.otherwise, let os = f.otherwiseSpan {
                    let b = Branch(id: branchCount, condition: nil, source: "otherwise", range: range(Span(os.start, os.start + 9)),
                                   because: f.otherwiseBecause, via: following)
                    branchCount += 1
                    other = (b, checkBody(o, of: b))
                }
                if f.alternatives.isEmpty { report(.emptyFirst, "'first' needs at least one 'when'", f.span) }
                nodes.append(.first(alts, otherwise: other))
            case .recommend(let codes, let span, let because):
                var ids: [Int] = []
                for c in codes {
                    if let i = lookupCode(c) { ids.append(i); usedCodes.insert(c.text) }
                }
                if let because { recommendReasons[range(span)] = because }
                nodes.append(.recommend(ids, range(span)))
            case .follow(let name, let span):
                let start = nodes.count, recorded = follows.count
                let expanded = follow(name, span)
                // Uses at the sub-pathway's top level counted its nodes from 0; here they
                // stand after this block's earlier nodes.
                for i in recorded..<follows.count where follows[i].parent == parentBranch {
                    follows[i].nodes = (follows[i].nodes.lowerBound + start)..<(follows[i].nodes.upperBound + start)
                }
                nodes += expanded
                if !expanded.isEmpty {
                    follows.append(FollowUse(site: FollowSite(pathway: name.text, range: range(span)), via: following,
                                             parent: parentBranch, nodes: start..<nodes.count))
                }
            }
        }
        return nodes
    }

    /// The block of branch `b`.
    mutating func checkBody(_ body: [Stmt], of b: Branch) -> [PathNode] {
        let saved = parentBranch
        parentBranch = b.id
        defer { parentBranch = saved }
        return checkBlock(body)
    }

    /// Most pathway nodes that expanding sub-pathways may make: a sub-pathway following
    /// another several times can grow the pathway exponentially.
    public static let maxExpandedNodes = 100_000

    /// The nodes of the sub-pathway `name`, expanded here: its branches are new branches of
    /// this use. Following a sub-pathway from inside itself (directly or not) is an error.
    mutating func follow(_ name: Name, _ span: Span) -> [PathNode] {
        guard let sub = subpathways[name.text] else {
            report(.unknownPathway, "unknown pathway '\(name.text)'", name.span,
                  notes: suggestion(name.text, Array(subpathways.keys).sorted()))
            return []
        }
        if following.contains(where: { $0.pathway == name.text }) {
            let chain = following.drop(while: { $0.pathway != name.text }).map(\.pathway) + [name.text]
            report(.recursivePathway, "pathway '\(name.text)' follows itself: \(chain.joined(separator: " -> "))", name.span)
            return []
        }
        expandedNodes += sub.body.count
        if expandedNodes > Checker.maxExpandedNodes {
            if expandedNodes - sub.body.count <= Checker.maxExpandedNodes {
                report(.tooDeep, "following sub-pathways makes more than \(Checker.maxExpandedNodes) pathway statements", span)
            }
            return []
        }
        // A second use reports nothing the first did not.
        let firstUse = expanded.insert(name.text).inserted
        let reported = diagnostics.count
        following.append(FollowSite(pathway: name.text, range: range(span)))
        let using = file
        file = declaredIn["pathway " + name.text] ?? file
        let nodes = checkBlock(sub.body)
        file = using
        following.removeLast()
        if !firstUse {
            diagnostics = Array(diagnostics[..<reported]) + diagnostics[reported...].filter { $0.id == "too-deep" }
        }
        return nodes
    }

    mutating func branch(_ cond: Expr, span: Span, because: String?) -> Branch {
        let (ir, t) = check(cond, expected: .bool)
        if t != .bool, t != .error {
            report(.typeMismatch, "a condition must be bool, found \(typeName(t))", cond.span)
        }
        let b = Branch(id: branchCount, condition: ir, source: file.text(of: cond.span), range: range(span),
                       because: because, via: following)
        branchCount += 1
        return b
    }
}
