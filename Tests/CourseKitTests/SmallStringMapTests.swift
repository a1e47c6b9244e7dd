import Testing
import CourseModel

/// The map heading anchors and YAML mappings keep their keys in answers as a dictionary would,
/// while its keys are in a list and after they moved to a table.
@Suite struct SmallStringMapTests {
    @Test func answersAsADictionaryWould() {
        var map = SmallStringMap<Int>(listLimit: 8)
        var reference: [String: Int] = [:]
        // Canonically equivalent keys are one key, as in a dictionary: é precomposed and decomposed.
        let keys = (0..<20).map { "k\($0)" } + ["é", "e\u{301}", "ب"]
        var state: UInt64 = 17
        for step in 0..<2_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let key = keys[Int(state >> 33) % keys.count]
            if state >> 63 == 0 {
                #expect(map.insert(step, for: key) == reference[key], "\(key)")
                if reference[key] == nil { reference[key] = step }
            } else {
                map.set(step, for: key)
                reference[key] = step
            }
            #expect(keys.allSatisfy { map[$0] == reference[$0] })
        }
    }
}
