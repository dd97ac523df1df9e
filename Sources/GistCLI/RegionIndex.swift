import Gist
import GistReview

/// The exact diff's regions by kind of change, so a case is tested only against the regions
/// of its own change (regions are disjoint: at most one holds it).
struct RegionIndex {
    let diff: GuidelineDiff
    let byKind: [String: [Int]]

    init(_ diff: GuidelineDiff) {
        self.diff = diff
        var m: [String: [Int]] = [:]
        for (k, r) in diff.regions.enumerated() { m[r.change.kind, default: []].append(k) }
        byKind = m
    }

    func region(removed: Set<GuidelineDiff.Item>, added: Set<GuidelineDiff.Item>, values: [Value]) -> Int? {
        let kind = removed.sorted().map(\.description).joined(separator: ",") + "|" + added.sorted().map(\.description).joined(separator: ",")
        return byKind[kind]?.first { Regions.evaluatedInside(diff.regions[$0].box, values: values, space: diff.space, programIndex: 1) }
    }
}
