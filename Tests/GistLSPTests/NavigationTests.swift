import Foundation
import Testing
import Gist
@testable import GistLSP

/// Definition, references and rename across the files that share a guideline's names, on files
/// in a temporary folder (the analyses wait an hour, so they never run). The same features
/// through a real client: GistCLITests.LanguageServerClientTests.
@Suite struct NavigationTests {
    /// A folder of files and a server that has some of them open.
    final class Workspace {
        let dir: URL
        let server: LanguageServer

        init(_ files: [String: String]) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("gistnav-\(UUID().uuidString)")
            for (name, text) in files {
                let url = dir.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
            let null = try #require(FileHandle(forWritingAtPath: "/dev/null"))
            server = LanguageServer(input: FileHandle.nullDevice, output: null, delay: 3600)
        }

        deinit { try? FileManager.default.removeItem(at: dir) }

        func uri(_ name: String) -> String { Document.uri(of: dir.appendingPathComponent(name).path) }

        /// A file's URI without the folder's.
        func relative(_ uri: String) -> String { String(uri.dropFirst(self.uri("x").count - 1)) }

        func text(_ name: String) -> String {
            String(decoding: FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) ?? Data(), as: UTF8.self)
        }

        @discardableResult
        func open(_ name: String) -> String {
            server.update(Document(uri: uri(name), version: 1, text: text(name), read: server.moduleReader()))
            return uri(name)
        }

        /// Where the `nth` whole word `word` starts in a file (ASCII text).
        func position(of word: String, in name: String, nth: Int = 0) throws -> Position {
            let lines = text(name).components(separatedBy: "\n")
            var seen = 0
            for (n, line) in lines.enumerated() {
                var from = line.startIndex
                while let r = line.range(of: word, range: from..<line.endIndex) {
                    let before = r.lowerBound == line.startIndex ? nil : line[line.index(before: r.lowerBound)]
                    let after = r.upperBound == line.endIndex ? nil : line[r.upperBound]
                    let whole = ![before, after].contains { $0.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
                    if whole {
                        if seen == nth { return Position(line: n, character: line.distance(from: line.startIndex, to: r.lowerBound)) }
                        seen += 1
                    }
                    from = r.upperBound
                }
            }
            throw NotFound(word: word)
        }

        struct NotFound: Error { let word: String }

        func references(_ name: String, _ at: Position) -> [Location] {
            (try? server.references(ReferenceParams(textDocument: .init(uri: uri(name)), position: at,
                                                    context: .init(includeDeclaration: true))).get()) ?? nil ?? []
        }

        /// Files touched by a rename, each with its count of edits; or the refusal.
        func rename(_ name: String, _ at: Position, to newName: String) -> Result<[String: Int], ResponseError> {
            server.rename(RenameParams(textDocument: .init(uri: uri(name)), position: at, newName: newName)).map { edit in
                var counts: [String: Int] = [:]
                for (uri, edits) in edit?.changes ?? [:] {
                    counts[self.relative(uri)] = edits.count
                }
                return counts
            }
        }
    }

    static let module = """
        enum grade = low | high
        enum band = low | middle
        input size: length in cm where 0 cm < size <= 50 cm
        let big = size > 5 cm

        """

    static func guideline(_ name: String, _ body: String) -> String {
        "guideline \"\(name)\" {\n  version \"1\"\n  source \"s\"\n}\nuse \"common/m.gist\"\n" + body
    }

    static let files = [
        "common/m.gist": module,
        "g.gist": guideline("g", """
            let level = grade.low
            recommendation r: recommend "R." cite "S"
            pathway big { recommend r }
            pathway {
              when big { follow big }
              when not big and size > 1 cm { recommend r }
            }

            """),
        "h.gist": guideline("h", """
            let huge = size > 20 cm
            recommendation q: recommend "Q." cite "S"
            pathway { when huge or big { recommend q } }

            """),
        "tests/g-test.gist": "use \"../g.gist\"\n\ncase one { size: 8 cm }\ncase two { size: 1 cm }\nexpect one recommends r\n",
        // Uses the module from a folder beside it: not found from the module unless open.
        "other/far.gist": "guideline \"far\" {\n  version \"1\"\n  source \"s\"\n}\nuse \"../common/m.gist\"\n"
            + "recommendation f: recommend \"F.\" cite \"S\"\npathway { when size > 3 cm { recommend f } }\n",
    ]

    @Test func definitionGoesIntoTheModule() throws {
        let w = try Workspace(Self.files)
        w.open("g.gist")
        let at = try w.position(of: "size", in: "g.gist")
        let def = try #require(try w.server.definition(TextDocumentPositionParams(textDocument: .init(uri: w.uri("g.gist")), position: at)).get())
        #expect(def.uri == w.uri("common/m.gist"))
        #expect(def.range.start == Position(line: 2, character: 6))
        // From a script, through the guideline it uses.
        w.open("tests/g-test.gist")
        let inScript = try w.position(of: "size", in: "tests/g-test.gist")
        let fromScript = try w.server.definition(TextDocumentPositionParams(textDocument: .init(uri: w.uri("tests/g-test.gist")), position: inScript)).get()
        #expect(fromScript == def)
    }

    @Test func referencesFromAModuleReachGuidelinesByTheFolderRule() throws {
        let w = try Workspace(Self.files)
        w.open("common/m.gist")
        var files = w.references("common/m.gist", Position(line: 2, character: 7)).map { w.relative($0.uri) }
        // The module (declaration, range), g and h in the folder above, g's script below them;
        // not other/far.gist, which is in neither folder.
        #expect(files.sorted() == ["common/m.gist", "common/m.gist", "common/m.gist", "g.gist", "h.gist", "tests/g-test.gist", "tests/g-test.gist"])
        // Open, it is found wherever it is.
        w.open("other/far.gist")
        files = w.references("common/m.gist", Position(line: 2, character: 7)).map { w.relative($0.uri) }
        #expect(files.filter { $0 == "other/far.gist" }.count == 1)
    }

    @Test func renameReachesEveryFileThatWritesTheName() throws {
        let w = try Workspace(Self.files)
        w.open("g.gist")
        let at = try w.position(of: "big", in: "g.gist", nth: 1)  // the `when big` (nth 0 is the sub-pathway)
        #expect(try w.rename("g.gist", at, to: "large").get() == ["common/m.gist": 1, "g.gist": 2, "h.gist": 1])
    }

    @Test func subPathwaysAreTheirOwnNames() throws {
        let w = try Workspace(Self.files)
        w.open("g.gist")
        // `pathway big` and `follow big` name the sub-pathway, not the let `big`.
        let decl = try w.position(of: "big", in: "g.gist")
        let refs = w.references("g.gist", decl)
        #expect(refs.map(\.range.start.line) == [7, 9])
        #expect(try w.rename("g.gist", decl, to: "operate").get() == ["g.gist": 2])
        let follow = Position(line: 9, character: try w.position(of: "follow", in: "g.gist").character + 7)
        let def = try w.server.definition(TextDocumentPositionParams(textDocument: .init(uri: w.uri("g.gist")), position: follow)).get()
        #expect(def?.range.start == decl)
    }

    @Test(arguments: [
        // A value another guideline using the module declares.
        ("big", 1, "huge", "cannot rename 'big' to 'huge': 'huge' is already declared as a value at ", "h.gist:6"),
        // A code of the guideline.
        ("big", 1, "r", "cannot rename 'big' to 'r': 'r' is already declared as a recommendation at ", "g.gist:7"),
        // A case of a script using the guideline.
        ("size", 0, "two", "cannot rename 'size' to 'two': 'two' is already declared as a case at ", "g-test.gist:4"),
        // A member of the same enum (another enum's `middle` may share the spelling).
        ("low", 0, "high", "cannot rename 'low' to 'high': 'high' is already declared as a member of 'grade' at ", "m.gist:1"),
    ])
    func renameRefusesAClash(_ word: String, _ nth: Int, _ newName: String, _ message: String, _ place: String) throws {
        let w = try Workspace(Self.files)
        w.open("g.gist")
        let result = w.rename("g.gist", try w.position(of: word, in: "g.gist", nth: nth), to: newName)
        guard case .failure(let error) = result else { Issue.record("renamed: \(result)"); return }
        #expect(error.message.hasPrefix(message))
        #expect(error.message.hasSuffix(place))
    }

    @Test func aMemberMayTakeAnotherEnumsSpelling() throws {
        let w = try Workspace(Self.files)
        w.open("g.gist")
        #expect(try w.rename("g.gist", try w.position(of: "low", in: "g.gist"), to: "middle").get() == ["common/m.gist": 1, "g.gist": 1])
    }

    @Test func aCaseIsRenamedInItsScriptOnly() throws {
        let w = try Workspace(Self.files)
        w.open("tests/g-test.gist")
        let one = try w.position(of: "one", in: "tests/g-test.gist")
        #expect(try w.rename("tests/g-test.gist", one, to: "three").get() == ["tests/g-test.gist": 2])
        guard case .failure(let e) = w.rename("tests/g-test.gist", one, to: "two") else { Issue.record("renamed onto a case"); return }
        #expect(e.message.contains("'two' is already declared as a case at"))
    }

    /// In a module, completion offers the names of an open guideline that uses it.
    @Test func aModuleCompletesWithAnOpenGuidelinesNames() throws {
        let w = try Workspace(Self.files)
        w.open("common/m.gist")
        func labels() throws -> [String] {
            let list = try w.server.completion(TextDocumentPositionParams(textDocument: .init(uri: w.uri("common/m.gist")),
                                                                          position: Position(line: 3, character: 10))).get()
            return list?.items.map(\.label) ?? []
        }
        #expect(try !labels().contains("level"))
        w.open("g.gist")
        #expect(try labels().contains("level"))
        #expect(try labels().contains("size"))
    }

    /// Modules that use each other: opening both checks each again once, and ends.
    @Test func aCycleOfUsesEnds() throws {
        let w = try Workspace(["a.gist": "use \"b.gist\"\ninput x: bool\n", "b.gist": "use \"a.gist\"\ninput y: bool\n"])
        w.open("a.gist")
        w.open("b.gist")
        #expect(w.references("b.gist", Position(line: 1, character: 6)).count == 1)
    }
}
