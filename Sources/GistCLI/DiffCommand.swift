import ArgumentParser
import Foundation
import Gist
import GistReview
import GistIO

struct DiffCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two revisions of a guideline, exactly over all cases or on given cases.",
        discussion: """
        Prints a review: declarations that changed, the edits between the files (each with \
        the codes whose cases it changes), then per recommendation code where it is newly \
        made, no longer made, made with another strength or becomes (un)determined, each as a \
        few overlapping conditions that cover exactly those cases. With --cases, counts per \
        code how many of those cases change. --regions prints instead every disjoint region \
        of complete cases whose recommendations change. A file may be given as REV:PATH to \
        read it from git (e.g. HEAD~1:guidelines/acs-2017.gist).
        Exit status: 0 (or 1 with --exit-code when anything differs); 1 when a --cases record \
        is rejected (reported on standard error; the other records are still compared); 2 \
        unreadable inputs.
        """
    )

    @Argument(help: "The old revision (a file, or REV:PATH from git).")
    var old: String

    @Argument(help: "The new revision (a file, or REV:PATH from git).")
    var new: String

    @Option(parsing: .upToNextOption, help: "Case files or folders: list which of these cases change.")
    var cases: [String] = []

    @Option(name: .shortAndLong, help: "Output format: text, json, or a committee report in markdown or html (one self-contained page).")
    var format: Format = .text

    @Option(name: .long, help: "A derived value (let or table) to show per region, e.g. recurrence_risk. Repeatable.")
    var show: [String] = []

    @Option(name: .long, parsing: .singleValue, help: "Compare only this recommendation code (repeatable), to focus a large diff.")
    var code: [String] = []

    @Flag(help: "Print every disjoint region that changes instead of the review (long).")
    var regions = false

    @Flag(help: "Exit with status 1 when anything differs (as git diff --exit-code).")
    var exitCode = false

    @Option(help: "Stop the analysis after this many decision-diagram nodes (a memory bound).")
    var maxNodes = 4_000_000

    @Flag(help: "Print the number of cells, diagram nodes and the time taken on standard error.")
    var stats = false

    @OptionGroup var evaluationDate: EvaluationDateOption

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown, html }

    func load(_ spec: String, _ console: Console) -> Program? {
        guard let revision = GitSource.revision(spec, console: console) else {
            return try? Loading.program(spec, console: console).get()
        }
        let text: String
        do {
            text = try GitSource.show(revision, in: console.directory)
        } catch {
            console.error("gist: \(error)")
            return nil
        }
        // The modules a revision uses are read from that same revision, beside the file in it.
        return Loading.program(Compilation(SourceFile(name: spec, text: text), read: { try GitSource.show($0, in: console.directory) },
                                           locate: GitSource.locate), console: console)
    }

    func execute(_ console: Console) -> ExitStatus {
        guard let a = load(old, console), let b = load(new, console) else { return .usage }
        for name in show where a.slot(named: name) == nil && b.slot(named: name) == nil {
            console.error("gist: --show \(name): neither guideline has a value named '\(name)'")
            return .usage
        }
        for c in code where a.recommendation(code: c) == nil && b.recommendation(code: c) == nil {
            console.error("gist: --code \(c): neither guideline has this recommendation code")
            return .usage
        }
        let start = DispatchTime.now()
        let listRegions = (regions || !show.isEmpty) && (format == .text || format == .json)
        let review = format == .text && listRegions ? nil : GuidelineReview(old: a, new: b, only: code, nodeLimit: max(1, maxNodes))
        let reviewSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let diff = format == .json || listRegions ? GuidelineDiff(old: a, new: b, show: show, only: code, nodeLimit: max(1, maxNodes)) : nil
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        if let diff, diff.exceeded {
            console.error("gist: the exact diff stopped after \(diff.sizeReached); no regions are reported because they would be incomplete. Focus it with --code, narrow the inputs' ranges, or compare on --cases.")
            return .failures
        }
        if let review, review.exceeded {
            console.error("gist: the exact diff stopped after \(review.store.sizeReached); nothing is reported because it would be incomplete. Focus it with --code, narrow the inputs' ranges, or compare on --cases.")
            return .failures
        }

        var caseChanges: [CaseChange] = []
        var tally = CaseTally()
        var rejected = 0
        // JSON streams its cases as they come (after the rest of the object); text keeps counts
        // and a few examples (flat memory); only the text of --regions lists every case.
        let streamJSON = format == .json && !cases.isEmpty
        guard let day = evaluationDate.day(console) else { return .usage }
        let reader = DiffCases(old: a.evaluated(asOf: day), new: b.evaluated(asOf: day), console: console)
        guard let sources = reader.sources(cases) else { return .usage }
        // Cases are evaluated on one date when either revision reads `today`: say which, so the
        // comparison can be reproduced (docs/formats.md). The exact diff covers every date.
        let asOf = cases.isEmpty ? nil : reader.old.evaluationDate ?? reader.new.evaluationDate
        if let asOf, format == .text { console.line("evaluated as of \(asOf)\n") }
        if let diff, format == .json {
            let head = DiffText.json(diff, review: review, old: old, new: new, asOf: asOf)
            if streamJSON { console.write(String(head.dropLast()) + ",\"cases\":[") } else { console.line(head) }
        }
        if !cases.isEmpty {
            let regionIndex = diff.map(RegionIndex.init)
            let framing = streamJSON ? Framing(separated: true, tail: "]}\n") : Framing()
            let totals = BatchRun.each(sources, framing: framing, to: nil, console: console) { record, out in
                let c: DiffCases.Compared, bound: CaseBinder.BoundCase
                switch reader.compare(record) {
                case .failure(let rejection): return .failure(rejection)
                case .success(let x): (bound, c) = x
                }
                let kinds = CaseTally.kinds(c.before, c.after, a, b)
                var placements: [GuidelineReview.Placement] = []
                if let r = review {
                    let bands = r.bands(old: c.givenOld, new: c.givenNew)
                    placements = kinds.compactMap { r.place(code: $0.code, kind: $0.kind, bands: bands, exact: format == .json) }
                }
                tally.add(c.id, kinds, complete: c.complete, placements: placements)
                guard diff != nil else { return .success(bound) }
                let ia = CaseTally.items(c.before), ib = CaseTally.items(c.after)
                // An incomplete case lies in a region only where the inputs it lacks have presence
                // variables (`known(…)` reads them); `Regions.contains` says so.
                let region = ia == ib ? nil : regionIndex?.region(removed: ia.subtracting(ib), added: ib.subtracting(ia), values: c.valuesNew)
                let change = CaseChange(id: c.id, changed: ia != ib, removed: ia.subtracting(ib).map(\.description).sorted(),
                                        added: ib.subtracting(ia).map(\.description).sorted(), region: region,
                                        note: c.complete ? nil : "incomplete case: not in an exact region",
                                        complete: c.complete, placements: placements)
                if streamJSON { out.append(contentsOf: ("," + DiffText.json(change)).utf8) } else { caseChanges.append(change) }
                return .success(bound)
            }
            if totals.unreadable { return .usage }
            rejected = totals.rejected
        }
        let shownCases = cases.isEmpty ? nil : caseChanges
        switch format {
        case .text:
            if let diff { console.write(DiffText.render(diff, old: old, new: new, cases: shownCases)) }
            else if let review { console.write(ReviewText.render(review, old: old, new: new, cases: cases.isEmpty ? nil : tally)) }
        case .json:
            break
        case .markdown, .html:
            guard let review else { break }
            let report = ReviewReport(review, old: old, new: new, cases: cases.isEmpty ? nil : tally, asOf: asOf)
            if format == .markdown { console.write(report.markdown()); break }
            let (svg, note) = flowchart(report, b)
            console.write(report.html(svg: svg, note: note))
        }
        if stats {
            if let diff {
                let phases = diff.phases.map { $0.name + String(format: " %.3f", $0.seconds) }.joined(separator: ", ")
                console.error(String(format: "cells: %.0f in the joint input space, %.0f changed; diagram nodes: %d; time: %.3f s",
                                     diff.totalCells, diff.changedCells, diff.boxesExamined, seconds) + " (\(phases))")
            }
            if let review {
                let cells = review.codes.map { c in c.code + " " + c.sections.map { "\($0.kind.rawValue) " + DiffText.cells($0.cells) }.joined(separator: ", ") }
                let phases = review.phases.map { $0.name + String(format: " %.3f", $0.seconds) }.joined(separator: ", ")
                console.error(String(format: "review: %d edits, %d codes, at most %d terms a code (exceptions counted; all shown); diagram nodes: %d; time: %.3f s",
                                     review.edits.count, review.codes.count, review.maxTermsPerCode,
                                     review.store.nodeCount, reviewSeconds) + " (\(phases))")
                for line in cells { console.error("  cells: " + line) }
            }
        }
        // Where the analysis is approximate, a changed condition it could not decide, or any
        // edit, counts as a difference; identical revisions exit 0.
        let differs = (diff.map { !$0.regions.isEmpty || !$0.declarationChanges.isEmpty || !$0.undecided.isEmpty } ?? false)
            || (review.map { !$0.codes.isEmpty || !$0.declarations.isEmpty || !$0.undecided.isEmpty || ($0.approximate && !$0.edits.isEmpty) } ?? false)
            || tally.changed > 0
        if rejected > 0 { return .failures }
        return exitCode && differs ? .failures : .success
    }

    /// The new revision's flowchart as SVG with the edited branches marked, or why not.
    func flowchart(_ report: ReviewReport, _ program: Program) -> (String?, String?) {
        guard let dot = GraphCommand.findDot() else {
            return (nil, "The flowchart needs Graphviz's 'dot' (Debian: apt-get install graphviz).")
        }
        switch GraphCommand.render(report.markedFlowchart(PathwayGraph.dot(program)), with: dot, format: "svg") {
        case .success(let bytes): return (String(decoding: bytes, as: UTF8.self), nil)
        case .failure(let e): return (nil, "dot failed: \(e)")
        }
    }

    /// One compared case as the JSON and `--regions` layouts list it.
    struct CaseChange {
        let id: String
        let changed: Bool
        let removed: [String]
        let added: [String]
        let region: Int?
        let note: String?
        let complete: Bool
        let placements: [GuidelineReview.Placement]
    }
}

/// Reads `REV:PATH` from git.
enum GitSource {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// `spec` when it names a revision's file (`REV:PATH`), nil when it is a file on disk.
    static func revision(_ spec: String, console: Console) -> String? {
        FileManager.default.fileExists(atPath: console.resolve(spec)) || !spec.contains(":") ? nil : spec
    }

    /// A module used as `path` by the revision's file `usingFile` (`REV:PATH`): the file beside
    /// it in the same revision. A path git reads relative to the current folder (`./`, `../`)
    /// stays so.
    static func locate(_ usingFile: String, _ path: String) -> String {
        guard let colon = usingFile.firstIndex(of: ":") else { return ModuleLoader.besideUsingFile(usingFile, path) }
        let rev = usingFile[...colon], inRevision = String(usingFile[usingFile.index(after: colon)...])
        let joined = ModuleLoader.besideUsingFile(inRevision, path)
        let relative = inRevision.hasPrefix("./") || inRevision.hasPrefix("../")
        return rev + (relative && !joined.hasPrefix("../") && !joined.hasPrefix("/") ? "./" + joined : joined)
    }

    /// The text of `REV:PATH` (`git show`), run in the console's folder.
    static func show(_ spec: String, in directory: String) throws -> String {
        // A spec starting with '-' would be read by git as an option (--output=FILE writes a file).
        if spec.hasPrefix("-") { throw Failure(description: "\(spec): a revision cannot start with '-'") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "show", "--end-of-options", spec]
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch { throw Failure(description: "\(spec): cannot run git: \(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let msg = String(decoding: errData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "\(spec): \(msg.isEmpty ? "git show failed" : msg)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw Failure(description: "\(spec): not UTF-8 text") }
        return text
    }
}
