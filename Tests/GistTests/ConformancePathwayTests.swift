import GistTestSupport
import Testing
@testable import Gist

/// The compiled machine runs its own flattened copy of the pathway (`CompiledProgram.place`,
/// `CompiledMachine.walk`); the conformance corpus pins it to the shared walk
/// (`PathwayTraversal.swift`). This test keeps the corpus complete: every kind of pathway
/// node, alone and nested, has an entry. Its switch has no default, so a new kind of node
/// does not compile until it is listed here and given its entries.
@Suite struct ConformancePathwayTests {
    enum Construct: String, CaseIterable {
        case recommend, recommendSeveral = "recommend of several codes"
        case when, nestedWhen = "when inside a branch"
        case first = "first without otherwise", firstOtherwise = "first with otherwise"
        case nestedFirst = "first inside a branch"
    }

    static func constructs(_ nodes: [PathNode], nested: Bool, into found: inout Set<Construct>) {
        for node in nodes {
            switch node {
            case .when(_, let body):
                found.insert(nested ? .nestedWhen : .when)
                constructs(body, nested: true, into: &found)
            case .first(let alternatives, let otherwise):
                found.insert(otherwise == nil ? .first : .firstOtherwise)
                if nested { found.insert(.nestedFirst) }
                for (_, body) in alternatives { constructs(body, nested: true, into: &found) }
                if let (_, body) = otherwise { constructs(body, nested: true, into: &found) }
            case .recommend(let codes, _):
                found.insert(codes.count > 1 ? .recommendSeveral : .recommend)
            }
        }
    }

    @Test func everyPathwayConstructHasCorpusEntries() {
        var found = Set<Construct>()
        for entry in ConformanceTests.runnable {
            let c = Compilation(SourceFile(name: entry.path, text: entry.text), read: { p in
                guard let text = Repository.read(p) else { throw ConformanceDiagnosticsTests.Missing(path: p) }
                return text
            })
            if let p = c.program { Self.constructs(p.pathway, nested: false, into: &found) }
        }
        let missing = Construct.allCases.filter { !found.contains($0) }.map(\.rawValue)
        #expect(missing.isEmpty, "no conformance entry has: \(missing)")
    }
}
