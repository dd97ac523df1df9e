import Foundation
import Gist
import GistIO

/// `gist diff --cases`: the cases of record files, folders and scripts (their `case`
/// statements), each checked as `gist run` checks a record, evaluated by both revisions and
/// handed on one at a time, so a million cases take no more memory than one.
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

    /// Reads every case of `paths` and calls `body` with each; returns how many records were
    /// rejected (each reported once on standard error), or nil when a path cannot be read.
    func forEach(_ paths: [String], _ body: (Compared) -> Void) -> Int? {
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
                do { files += try RecordReader.expand(paths: [p]) } catch {
                    console.error("gist: \(error)")
                    return nil
                }
                files += scripts
                files.sort { $0.split(separator: "/").lexicographicallyPrecedes($1.split(separator: "/")) }
            } else {
                files.append(p)
            }
        }
        var rejected = 0
        for f in files {
            let display = f.hasPrefix(console.directory + "/") ? String(f.dropFirst(console.directory.count + 1)) : f
            if f.hasSuffix(".gist") {
                for r in scriptCases(f, display: display) { if !compare(r, body) { rejected += 1 } }
                continue
            }
            let stream: RecordStream
            do { stream = try RecordStream(path: f, displayPath: display) } catch {
                console.error("gist: \(display): \(error.message)")
                rejected += 1
                continue
            }
            while true {
                let next: Result<RawRecord, RecordError>?
                do { next = try stream.next() } catch {
                    console.error("gist: \(display): \(error.message)")
                    rejected += 1
                    break
                }
                guard let next else { break }
                switch next {
                case .failure(let e):
                    console.error("\(e)")
                    rejected += 1
                case .success(let record):
                    if !compare(record, body) { rejected += 1 }
                }
            }
        }
        return rejected
    }

    /// Binds a record to both revisions (each without the fields only the other knows; a
    /// field neither knows is an error, as in `gist run`), reporting a rejected record once.
    func compare(_ record: RawRecord, _ body: (Compared) -> Void) -> Bool {
        var forNew = record, forOld = record
        forNew.fields = record.fields.filter { !oldOnly.contains($0.name) }
        forOld.fields = record.fields.filter { !newOnly.contains($0.name) }
        let cb: CaseBinder.BoundCase
        switch bb.bind(forNew) {
        case .failure(let e):
            for x in e.errors { console.error("\(x)") }
            return false
        case .success(let c): cb = c
        }
        // Fields neither revision knows were reported above; the old revision sees the rest.
        let known = Set(old.inputs.map(\.name))
        forOld.fields = forOld.fields.filter { $0.name == "id" || known.contains($0.name) }
        let ca: CaseBinder.BoundCase
        switch ba.bind(forOld) {
        case .failure(let e):
            for x in e.errors { console.error("\(x) (in \(old.name), the old revision)") }
            return false
        case .success(let c): ca = c
        }
        let givenOld = ca.inputs.map { $0 == .unknown ? nil : $0 }
        let givenNew = cb.inputs.map { $0 == .unknown ? nil : $0 }
        let complete = !ca.inputs.contains(.unknown) && !cb.inputs.contains(.unknown)
        body(Compared(id: cb.id, givenOld: givenOld, givenNew: givenNew, valuesNew: cb.inputs,
                      before: ea.report(id: ca.id, inputs: ca.inputs), after: eb.report(id: cb.id, inputs: cb.inputs),
                      complete: complete))
        return true
    }

    /// The `case` statements of a script as records (their fields as a record would give
    /// them), so they are checked like any record.
    func scriptCases(_ path: String, display: String) -> [RawRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            console.error("gist: \(display): cannot read the file")
            return []
        }
        let file = SourceFile(name: display, text: String(decoding: data, as: UTF8.self))
        let (unit, _) = Parser.parse(file)
        var out: [RawRecord] = []
        for item in unit.items {
            guard case .script(.caseDef(let name, let fields, let span)) = item else { continue }
            let location = RecordLocation(file: display, record: out.count + 1, line: file.location(of: span.start).line)
            out.append(RawRecord(fields: [("id", .string(name.text))] + fields.map { ($0.name.text, DiffCases.raw($0.value, file)) }, location: location))
        }
        return out
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
