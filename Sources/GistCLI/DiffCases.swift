import Foundation
import Gist
import GistIO

/// `gist diff --cases`: the cases of record files, folders and scripts (their `case` and
/// `cases` statements), each checked as `gist run` checks a record and evaluated by both
/// revisions; read by the shared batch runner, one case at a time, so a million cases take no
/// more memory than one.
struct DiffCases {
    let old: Program, new: Program
    let console: Console
    let ba: CaseBinder, bb: CaseBinder
    let ea: Evaluator, eb: Evaluator
    let oldOnly: Set<String>, newOnly: Set<String>

    init(old: Program, new: Program, console: Console) {
        self.old = old
        self.new = new
        self.console = console
        ba = CaseBinder(program: old)
        bb = CaseBinder(program: new)
        ea = Evaluator(program: old)
        eb = Evaluator(program: new)
        let a = Set(old.inputs.map(\.name)), b = Set(new.inputs.map(\.name))
        oldOnly = a.subtracting(b)
        newOnly = b.subtracting(a)
    }

    /// One case on both revisions.
    struct Compared {
        let id: String
        /// Input values per revision, defaults applied; nil where neither given nor defaulted.
        let givenOld: [Value?], givenNew: [Value?]
        /// The new revision's input values, defaults applied.
        let valuesNew: [Value]
        let before: CaseReport, after: CaseReport
        /// Whether the case gives every input that has no default, in both revisions.
        let complete: Bool
    }

    /// The sources of `paths`: record files; folders (their record files and scripts, in path
    /// order); scripts (their `case` statements, then the record files their `cases`
    /// statements name, as a test run reads them). Each file is read once. Nil when a path does
    /// not exist (reported).
    func sources(_ paths: [String]) -> [BatchSource]? {
        var files: [String] = []
        for p in paths.map(console.resolve) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory) else {
                console.error("gist: \(p): no such file or directory")
                return nil
            }
            if isDirectory.boolValue {
                let scripts = (FileManager.default.enumerator(atPath: p)?.compactMap { $0 as? String } ?? [])
                    .filter { $0.hasSuffix(".gist") && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                    .map { p + "/" + $0 }
                var found: [String]
                do { found = try RecordReader.expand(paths: [p]) } catch {
                    console.error("gist: \(error)")
                    return nil
                }
                found += scripts
                files += found.sorted { $0.split(separator: "/").lexicographicallyPrecedes($1.split(separator: "/")) }
            } else {
                files.append(p)
            }
        }
        var out: [BatchSource] = []
        var seen = Set<String>()
        func add(_ path: String) {
            guard seen.insert(Paths.normalize(path)).inserted else { return }
            let display = path.hasPrefix(console.directory + "/") ? String(path.dropFirst(console.directory.count + 1)) : path
            guard path.hasSuffix(".gist") else {
                out.append(.file(path: path, display: display))
                return
            }
            let script = scriptCases(path, display: display)
            out.append(.records(script.records.map { .success($0) }))
            for f in script.files { add(f) }
        }
        for f in files { add(f) }
        return out
    }

    /// Binds a record to both revisions (each without the fields only the other knows; a
    /// field neither knows is an error, as in `gist run`) and evaluates it with both; a
    /// rejected record is reported once.
    func compare(_ record: RawRecord) -> Result<(CaseBinder.BoundCase, Compared), RecordRejection> {
        var forNew = record, forOld = record
        forNew.fields = record.fields.filter { !oldOnly.contains($0.name) }
        forOld.fields = record.fields.filter { !newOnly.contains($0.name) }
        let cb: CaseBinder.BoundCase
        switch bb.bind(forNew) {
        case .failure(let e): return .failure(RecordRejection(e.errors.map { "\($0)\n" }.joined()))
        case .success(let c): cb = c
        }
        // Fields neither revision knows were reported above; the old revision sees the rest.
        let known = Set(old.inputs.map(\.name))
        forOld.fields = forOld.fields.filter { $0.name == "id" || known.contains($0.name) }
        let ca: CaseBinder.BoundCase
        switch ba.bind(forOld) {
        case .failure(let e): return .failure(RecordRejection(e.errors.map { "\($0) (in \(old.name), the old revision)\n" }.joined()))
        case .success(let c): ca = c
        }
        let givenOld = ca.inputs.map { $0 == .unknown ? nil : $0 }
        let givenNew = cb.inputs.map { $0 == .unknown ? nil : $0 }
        let complete = !ca.inputs.contains(.unknown) && !cb.inputs.contains(.unknown)
        return .success((cb, Compared(id: cb.id, givenOld: givenOld, givenNew: givenNew, valuesNew: cb.inputs,
                                      before: ea.report(id: ca.id, inputs: ca.inputs), after: eb.report(id: cb.id, inputs: cb.inputs),
                                      complete: complete)))
    }

    /// The `case` statements of a script as records (their fields as a record would give
    /// them), so they are checked like any record, and the record files its `cases`
    /// statements name (relative to the script).
    func scriptCases(_ path: String, display: String) -> (records: [RawRecord], files: [String]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            console.error("gist: \(display): cannot read the file")
            return ([], [])
        }
        let file = SourceFile(name: display, text: String(decoding: data, as: UTF8.self))
        let (unit, _) = Parser.parse(file)
        var records: [RawRecord] = []
        var files: [String] = []
        for item in unit.items {
            guard case .script(let statement) = item else { continue }
            switch statement {
            case .caseDef(let name, let fields, let span):
                let location = RecordLocation(file: display, record: records.count + 1, line: file.location(of: span.start).line)
                records.append(RawRecord(fields: [("id", .string(name.text))] + fields.map { ($0.name.text, DiffCases.raw($0.value, file)) },
                                         location: location))
            case .cases(let named, _):
                files.append(Paths.join(Paths.directory(of: path), named))
            default:
                continue
            }
        }
        return (records, files)
    }

    /// A script's field value as a record would write it.
    static func raw(_ e: Expr, _ file: SourceFile) -> RawValue {
        switch e.kind {
        case .number(let x, let text, let unit): return unit.map { .string("\(text) \($0.text)") } ?? .number(x)
        case .negate(let inner): if case .number(let x, _, nil) = inner.kind { return .number(-x) }
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .name(let s): return .string(s)
        case .qualified(_, let member): return .string(member.text)
        case .setLiteral(let names): return .array(names.map { .string($0.text) })
        case .paren(let inner): return raw(inner, file)
        default: break
        }
        return .string(file.text(of: e.span))
    }
}
