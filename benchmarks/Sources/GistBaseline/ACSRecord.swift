/// A case record of `guidelines/acs-2017.gist` as a plain Swift struct: the exchange schema of
/// examples/cases/README.md. Inputs without a default are optionals (nil: unknown); the others
/// carry their default. Enum raw values are the member indices in the guideline.
public struct ACSRecord: Sendable, Equatable {
    public enum Site: UInt8, Sendable, CaseIterable { case stomach, small_intestine, duodenum, colorectum, esophagus, other }
    public enum Spread: UInt8, Sendable, CaseIterable { case localized, metastatic, recurrent }
    public enum Resectability: UInt8, Sendable, CaseIterable { case resectable, marginal, unresectable }
    public enum LiverMets: UInt8, Sendable, CaseIterable { case none, few_small, extensive }

    /// Set of drugs, bit i = member i of the guideline's `drug` enum.
    public struct Drugs: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let imatinib = Drugs(rawValue: 1 << 0)
        public static let sunitinib = Drugs(rawValue: 1 << 1)
        public static let regorafenib = Drugs(rawValue: 1 << 2)
        public static let sorafenib = Drugs(rawValue: 1 << 3)
        public static let dasatinib = Drugs(rawValue: 1 << 4)
        public static let nilotinib = Drugs(rawValue: 1 << 5)
        public static let pazopanib = Drugs(rawValue: 1 << 6)
        public static let names = ["imatinib", "sunitinib", "regorafenib", "sorafenib", "dasatinib", "nilotinib", "pazopanib"]
    }

    /// The record's number; its `id` field is "P" followed by it. (A number, not a string, so
    /// the record is plain data: copying it costs no reference counting.)
    public var id: Int
    /// Greatest dimension in cm.
    public var size: Double?
    public var site: Site?
    public var mitoses: Double?
    public var spread: Spread?
    public var resectability: Resectability?
    public var responded: Bool?
    public var symptomatic = false
    public var resected = false
    public var biopsyConfirmed = false
    public var priorImatinib = false
    public var failed: Drugs = []
    public var intolerant: Drugs = []
    public var doseIncreased = false
    public var metSites: Double?
    public var liverMets: LiverMets = .none
    public var liverMetsNearMajorStructures = false
    public var liverDisease = false
    public var slowGrowing = false
    public var complications = false
    public var wellDefined = false
    public var bonePain = false
    public var declinesTreatment = false

    public init(id: Int) { self.id = id }

    /// Input order of the guideline (the bit positions of `needs`).
    public static let inputNames = [
        "size", "site", "mitoses", "spread", "resectability", "responded", "symptomatic", "resected",
        "biopsy_confirmed", "prior_imatinib", "failed", "intolerant", "dose_increased", "met_sites",
        "liver_mets", "liver_mets_near_major_structures", "liver_disease", "slow_growing", "complications",
        "well_defined", "bone_pain", "declines_treatment",
    ]

    /// Recommendation codes in declaration order (the bit positions of results).
    public static let codes = [
        "surveillance_endoscopy", "surgery", "laparoscopic_option", "no_further_treatment",
        "adjuvant_imatinib_1y", "adjuvant_imatinib_3y", "biopsy", "neoadjuvant_imatinib",
        "surgery_after_response", "continue_imatinib_after_surgery", "imatinib", "imatinib_dose_increase",
        "sunitinib", "regorafenib", "other_tki", "clinical_trial", "metastasectomy", "liver_ablation",
        "liver_embolization", "palliative_radiation", "supportive_care", "chemotherapy_not_advised",
        "imatinib_not_continued",
    ]
}
