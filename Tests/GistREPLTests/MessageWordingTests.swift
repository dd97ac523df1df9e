import Foundation
import Testing

/// The everyday messages issue 19 found wanting, as the REPL prints them: yes/no for a bool,
/// a value that is not a member, quantities in words and counts that agree in number.
@Suite struct MessageWordingTests {
    static let acs = "guidelines/acs-2017.gist"
    static let localized = "size: 3 cm, site: stomach, mitoses: 2, spread: localized"

    @Test func yesForABoolHintsAtTrue() throws {
        let r = try repl("case y { \(Self.localized), resectability: resectable, resected: yes }\n", arguments: [Self.acs])
        #expect(r.code == 1)
        #expect(r.out.contains("unknown name 'yes'"))
        #expect(r.out.contains("= did you mean 'true'?"))
        #expect(r.out.contains("= a bool is written true or false (case records also accept yes and no)"))
    }

    @Test func aValueThatIsNotAMemberListsTheMembers() throws {
        let r = try repl("case z { \(Self.localized), resectability: moderate }\n", arguments: [Self.acs])
        #expect(r.out.contains("'moderate' is not a member of enum 'resectability'"))
        #expect(r.out.contains("= the members of 'resectability' are: resectable, marginal, unresectable"))
    }

    @Test(arguments: [
        ("10 cm / 3", "3.33 cm"), ("24 months", "24 months"), ("1 month", "1 month"), ("182 days", "182 days"),
        ("52 weeks", "52 weeks"), ("1 year + 6 months", "1.5 years"), ("2 cm + 3 mm", "2.3 cm"),
    ])
    func quantitiesPrintInWords(_ entry: String, _ printed: String) throws {
        let r = try repl(entry + "\n", arguments: [Self.acs])
        #expect(r.code == 0, "\(r.out)")
        #expect(r.out.split(separator: "\n").last.map(String.init) == printed)
    }

    @Test func countsAgreeInNumber() throws {
        let folder = try TemporaryFolder()
        try folder.write("one.gist", """
            guideline "one" {
              version "1"
              source "s"
            }
            input big: bool
            recommendation r: recommend "R." cite "S"
            pathway { when big { recommend r } }

            """)
        let r = try repl("case a { big: true }\nexpect a recommends r\n", arguments: ["one.gist"], in: folder.url)
        #expect(r.out.contains("1 input, 1 recommendation\n"), "\(r.out)")
        let saved = try repl("case a { big: true }\n:save s.gist\n", arguments: ["one.gist"], in: folder.url)
        #expect(saved.out.contains("saved 1 case to s.gist"), "\(saved.out)")
    }
}
