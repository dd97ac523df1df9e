/// `gist graph`: a guideline's pathway as a Graphviz DOT flowchart.
///
/// Decisions are diamonds labelled with their condition; a `yes` edge leads to what the
/// decision's block does (nested decisions and recommendations, all of which apply). A
/// `first` block is a chain of diamonds in a dashed frame: each alternative's `no` edge leads
/// to the next one, the last to `otherwise`. Recommendations are leaves (boxes) coloured by
/// strength, explained by a legend.
///
/// A sub-pathway is drawn once, in a frame of its own that starts at an oval with its name;
/// each `follow` of it is an edge into that oval. The decision tables the conditions read
/// (directly or through lets and other tables) are drawn with their rows, with a dotted edge
/// to each decision that reads them.
///
/// With a case, the path the case takes is drawn bold: decisions it reaches, the edges it
/// follows and the recommendations it gets; where the case leaves a condition unknown, the
/// edge is dashed (the recommendations below it are undetermined).
///
/// The output is deterministic: node ids follow the pathway's branch numbering (`b12`) and
/// the order of the recommendation statements (`r3`), so the same guideline gives the same
/// text.
public enum PathwayGraph {
    /// A case to trace through the pathway.
    public struct Highlight: Sendable {
        public var name: String
        /// One value per input, defaults applied.
        public var inputs: [Value]
        public init(name: String, inputs: [Value]) { self.name = name; self.inputs = inputs }
    }

    /// Fill and border colours per strength (colour-blind-safe hues, light fills so the
    /// black labels stay readable).
    public static func colors(_ s: Strength) -> (fill: String, border: String) {
        switch s {
        case .recommend: return ("#c7e9c0", "#238b45")
        case .option: return ("#c6dbef", "#2171b5")
        case .consider: return ("#fee8c8", "#d94801")
        case .avoid: return ("#fcbba1", "#a50f15")
        }
    }

    static let pathColor = "#6a3d9a"

    public static func dot(_ program: Program, highlight: Highlight? = nil) -> String {
        var g = GraphBuilder(program: program)
        if let h = highlight {
            let evaluator = Evaluator(program: program)
            let outcome = evaluator.evaluate(h.inputs)
            g.trace = Trace(evaluator: evaluator, values: outcome.values)
            g.outcome = outcome
            g.caseName = h.name
            // A sub-pathway drawn once stands for all its uses: a first pass collects, per
            // node and edge, how far the case reaches it in any use.
            if !program.follows.isEmpty {
                g.firstPass = true
                _ = g.build()
                g.firstPass = false
                g.reached = g.collecting
                g.collecting = [:]
            }
        }
        return g.build()
    }
}

/// How a case reaches a part of the pathway.
struct Trace {
    let evaluator: Evaluator
    let values: [Value]
    func truth(_ b: Branch) -> Truth {
        guard let c = b.condition else { return .yes }
        return Truth(evaluator.value(of: c, in: values))
    }
}

struct GraphBuilder {
    let program: Program
    var trace: Trace?
    var outcome: Evaluator.Outcome?
    var caseName = ""

    var lines: [String] = []
    var leafCount = 0
    var firstCount = 0
    var noteCount = 0

    /// Node ids by what they draw, kept across passes: a sub-pathway's statement is one node
    /// for all its uses (its branches in the first use give the id).
    var branchIds: [SourceRange: String] = [:]
    var leafIds: [String: String] = [:]
    /// Per node or edge key: how far the case reaches it in any use (after the first pass),
    /// and what the pass being drawn has seen.
    var reached: [String: Truth]?
    var collecting: [String: Truth] = [:]
    /// The sub-pathways drawn so far, with their frames' lines; edges drawn inside a frame,
    /// which Graphviz would pull into it, wait in `frameEdges` for the top level.
    var frames: [(name: String, lines: [String])] = []
    var frameDepth = 0
    var frameEdges: [String] = []
    var firstPass = false
    /// The tables drawn, and the edges between them.
    var tablesRead = Set<Int>()
    var tableLinks: [String] = []
    var tableReads: [String] = []

    init(program: Program) { self.program = program }

    /// How far the case reaches a node or edge: in this use, or (drawn once for all uses) in
    /// any of them.
    mutating func reach(_ key: String, _ t: Truth) -> Truth {
        if let merged = reached?[key] { return merged }
        let before = collecting[key] ?? .no
        collecting[key] = before == .yes || t == .yes ? .yes : before == .unknown || t == .unknown ? .unknown : .no
        return t
    }

    func id(_ b: Branch) -> String { branchIds[b.range] ?? "b\(b.id)" }

    /// Gives a branch its node id the first time its statement is met.
    mutating func remember(_ b: Branch) {
        if branchIds[b.range] == nil { branchIds[b.range] = "b\(b.id)" }
    }

    // MARK: text

    static func escape(_ s: String) -> String { s.replacing(String.quoteEscapes) }

    /// Splits text into lines of about `width` characters at spaces.
    static func wrap(_ s: String, width: Int = 28) -> String {
        var lines: [String] = []
        var current = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty { current = String(word) }
            else if current.count + 1 + word.count <= width { current += " " + word }
            else { lines.append(current); current = String(word) }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }

    static func quoted(_ s: String) -> String { "\"" + escape(s) + "\"" }

    // MARK: highlighting

    /// Attributes of a node or edge the case reaches surely (`.yes`) or possibly (`.unknown`).
    func pathAttributes(_ t: Truth, node: Bool) -> [String] {
        guard trace != nil else { return [] }
        switch t {
        case .yes: return node ? ["penwidth=3", "color=\"\(PathwayGraph.pathColor)\""]
                               : ["penwidth=3", "color=\"\(PathwayGraph.pathColor)\"", "fontcolor=\"\(PathwayGraph.pathColor)\""]
        case .unknown: return node ? ["penwidth=2", "color=\"\(PathwayGraph.pathColor)\"", "style=\"dashed,filled\""]
                                   : ["penwidth=2", "style=dashed", "color=\"\(PathwayGraph.pathColor)\"", "fontcolor=\"\(PathwayGraph.pathColor)\""]
        case .no: return []
        }
    }

    mutating func edge(_ from: String, _ to: String, label: String?, _ t: Truth, extra: [String] = []) {
        let t = reach("\(from)->\(to):\(label ?? "")", t)
        var attrs: [String] = []
        if let label { attrs.append("label=\(GraphBuilder.quoted(label))") }
        attrs += pathAttributes(t, node: false) + extra
        let line = "  \(from) -> \(to)" + (attrs.isEmpty ? "" : " [" + attrs.joined(separator: ", ") + "]")
        if frameDepth > 0 { frameEdges.append(line) } else { lines.append(line) }
    }

    mutating func otherwiseNode(_ b: Branch, _ reachedHere: Truth) {
        let reach = self.reach(id(b), reachedHere)
        var attrs = ["shape=oval", "style=\"dashed,filled\"", "label=\"otherwise\"",
                     "tooltip=\(GraphBuilder.quoted("line \(b.range.line): otherwise"))"]
        if reach != .no { attrs += pathAttributes(reach, node: true).filter { !$0.hasPrefix("style=") } }
        lines.append("  \(id(b)) [" + attrs.joined(separator: ", ") + "]")
    }

    mutating func decision(_ b: Branch, _ reachedHere: Truth) -> String {
        let id = self.id(b)
        let reach = self.reach(id, reachedHere)
        var attrs = ["shape=diamond", "label=\(GraphBuilder.quoted(GraphBuilder.wrap(b.source)))",
                     "tooltip=\(GraphBuilder.quoted("line \(b.range.line): when \(b.source)"))"]
        if reach != .no { attrs += pathAttributes(reach, node: true) }
        lines.append("  \(id) [" + attrs.joined(separator: ", ") + "]")
        tableEdges(b, to: id)
        return id
    }

    // MARK: structure

    mutating func build() -> String {
        lines = []
        leafCount = 0
        firstCount = 0
        noteCount = 0
        frames = []
        frameEdges = []
        tablesRead = []
        tableLinks = []
        tableReads = []
        let title = "\(program.name), version \(program.version)"
        lines.append("digraph pathway {")
        lines.append("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, nodesep=0.25, ranksep=0.45, labelloc=t, label=\(GraphBuilder.quoted(title + caseNote()))]")
        lines.append("  node [fontname=\"Helvetica\", fontsize=10, style=filled, fillcolor=\"#ffffff\", color=\"#555555\"]")
        lines.append("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"]")
        lines.append("  start [shape=oval, label=\"pathway\", fillcolor=\"#eeeeee\"" + (trace != nil ? ", penwidth=3, color=\"\(PathwayGraph.pathColor)\"" : "") + "]")
        block(program.pathway, from: "start", label: nil, reach: .yes, parent: nil, via: [])
        for frame in frames {
            lines.append("  subgraph cluster_pathway_\(frame.name) {")
            lines.append("    label=\(GraphBuilder.quoted("pathway " + frame.name)); style=\"rounded\"; color=\"#6a51a3\"; fontcolor=\"#54278f\"")
            lines += frame.lines.map { "  " + $0 }
            lines.append("  }")
        }
        lines += frameEdges
        tables()
        legend()
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    func caseNote() -> String {
        guard trace != nil, let o = outcome else { return "" }
        var note = "\ncase \(caseName)"
        let made = o.recommended.map { program.recommendations[$0].code }
        note += made.isEmpty ? ": no recommendation" : ": " + made.joined(separator: ", ")
        if !o.undetermined.isEmpty {
            note += "; undetermined: " + o.undetermined.map { program.recommendations[$0.code].code }.joined(separator: ", ")
        }
        // The date the case was evaluated on, so the chart can be reproduced (docs/formats.md).
        if let day = program.evaluationDate { note += "\nevaluated as of \(day)" }
        return note
    }

    /// The statements of a block, each reached from `from` by an edge labelled `label`. The
    /// block is that of branch `parent` (nil: the top level) in the use of sub-pathways `via`.
    mutating func block(_ nodes: [PathNode], from: String, label: String?, reach: Truth, parent: Int?, via: [FollowSite]) {
        let uses = program.follows.filter { $0.parent == parent && $0.via == via }
        var i = 0
        while i < nodes.count {
            if let use = uses.first(where: { $0.nodes.lowerBound == i }), use.nodes.upperBound <= nodes.count {
                follow(use, Array(nodes[use.nodes]), from: from, label: label, reach: reach)
                i = use.nodes.upperBound
                continue
            }
            statement(nodes[i], from: from, label: label, reach: reach, via: via)
            i += 1
        }
    }

    /// A `follow`: an edge into the sub-pathway's frame, drawn (once) with its statements.
    mutating func follow(_ use: FollowUse, _ nodes: [PathNode], from: String, label: String?, reach: Truth) {
        let name = use.site.pathway
        let entry = "pathway_" + name
        edge(from, entry, label: label, reach, extra: ["tooltip=\(GraphBuilder.quoted("line \(use.site.range.line): follow \(name)"))"])
        // The first pass walks every use (to merge how far the case reaches); only the first is drawn.
        let drawn = frames.contains { $0.name == name }
        if drawn && !firstPass { return }
        let saved = lines
        lines = []
        frameDepth += 1
        let r = self.reach(entry, reach)
        var attrs = ["shape=oval", "fillcolor=\"#efedf5\"", "label=\(GraphBuilder.quoted(name))"]
        if r != .no { attrs += pathAttributes(r, node: true) }
        lines.append("  \(entry) [" + attrs.joined(separator: ", ") + "]")
        block(nodes, from: entry, label: nil, reach: reach, parent: use.parent, via: use.via + [use.site])
        frameDepth -= 1
        if !drawn { frames.append((name, lines)) }
        lines = saved
    }

    mutating func statement(_ node: PathNode, from: String, label: String?, reach: Truth, via: [FollowSite]) {
        switch node {
        case .when(let b, let body):
            remember(b)
            let id = decision(b, reach)
            edge(from, id, label: label, reach)
            note(b.because, on: id)
            let r = reach && truthOf(b)
            block(body, from: id, label: "yes", reach: r, parent: b.id, via: via)
        case .first(let alternatives, let otherwise):
            // The chain of alternatives in a frame: nodes first, then the edges between
            // them, then what each alternative does.
            firstCount += 1
            var steps: [(branch: Branch, body: [PathNode], reached: Truth, enter: Truth)] = []
            var prior = Truth.yes
            for (b, body) in alternatives {
                let reached = reach && prior
                let t = truthOf(b)
                steps.append((b, body, reached, reached && t))
                prior = prior && !t
            }
            if let (b, body) = otherwise {
                let reached = reach && prior
                steps.append((b, body, reached, reached))
            }
            for step in steps { remember(step.branch) }
            lines.append("  subgraph cluster_first\(firstCount) {")
            lines.append("    label=\"first\"; style=\"dashed,rounded\"; color=\"#888888\"; fontcolor=\"#555555\"")
            for step in steps {
                let before = lines.count
                if step.branch.condition == nil { otherwiseNode(step.branch, step.reached) } else { _ = decision(step.branch, step.reached) }
                for i in before..<lines.count { lines[i] = "  " + lines[i] }
            }
            lines.append("  }")
            for (k, step) in steps.enumerated() {
                if k == 0 { edge(from, id(step.branch), label: label, step.reached) }
                else { edge(id(steps[k - 1].branch), id(step.branch), label: "no", step.reached) }
            }
            for step in steps { note(step.branch.because, on: id(step.branch)) }
            for step in steps {
                block(step.body, from: id(step.branch), label: step.branch.condition == nil ? nil : "yes", reach: step.enter,
                      parent: step.branch.id, via: via)
            }
        case .recommend(let codes, let site):
            for c in codes where c < program.recommendations.count {
                let rec = program.recommendations[c]
                let key = "\(site)#\(c)"
                if leafIds[key] == nil { leafCount += 1; leafIds[key] = "r\(leafCount)" }
                let id = leafIds[key] ?? ""
                let reach = self.reach(id, reach)
                let (fill, border) = PathwayGraph.colors(rec.strength)
                var attrs = ["shape=box", "style=\"rounded,filled\"", "fillcolor=\"\(fill)\"",
                             "label=\(GraphBuilder.quoted(rec.code + "\n" + rec.strength.rawValue))",
                             "tooltip=\(GraphBuilder.quoted(rec.text + " (" + rec.citation + ")"))"]
                let path = pathAttributes(reach, node: true)
                if path.isEmpty { attrs.append("color=\"\(border)\"") } else {
                    attrs += path.map { $0.hasPrefix("style=") ? "style=\"rounded,dashed,filled\"" : $0 }
                    if reach == .unknown { attrs.removeAll { $0 == "style=\"rounded,filled\"" } }
                }
                lines.append("  \(id) [" + attrs.joined(separator: ", ") + "]")
                edge(from, id, label: label, reach)
                note(program.recommendReasons[site], on: id)
            }
        }
    }

    /// A `because "…"` as a note beside the node it justifies.
    mutating func note(_ reason: String?, on id: String) {
        guard let reason else { return }
        noteCount += 1
        lines.append("  note\(noteCount) [shape=note, fontsize=10, color=\"#999999\", label=\(GraphBuilder.quoted(reason))]")
        lines.append("  \(id) -> note\(noteCount) [style=dotted, arrowhead=none, color=\"#999999\"]")
    }

    func truthOf(_ b: Branch) -> Truth {
        trace?.truth(b) ?? .no
    }

    mutating func legend() {
        lines.append("  subgraph cluster_legend {")
        lines.append("    label=\"strength\"; style=\"rounded\"; color=\"#aaaaaa\"; fontcolor=\"#555555\"")
        var ids: [String] = []
        for s in Strength.allCases {
            let (fill, border) = PathwayGraph.colors(s)
            let id = "legend_\(s.rawValue)"
            lines.append("    \(id) [shape=box, style=\"rounded,filled\", fillcolor=\"\(fill)\", color=\"\(border)\", label=\"\(s.rawValue)\"]")
            ids.append(id)
        }
        if trace != nil {
            lines.append("    legend_path [shape=plaintext, style=\"\", label=\"bold: the case's path\\ndashed: unknown for the case\", fontcolor=\"\(PathwayGraph.pathColor)\"]")
            ids.append("legend_path")
        }
        // One row, in this order.
        lines.append("    { rank=same; " + ids.joined(separator: "; ") + " }")
        for (a, b) in zip(ids, ids.dropFirst()) { lines.append("    \(a) -> \(b) [style=invis]") }
        lines.append("  }")
    }
}
