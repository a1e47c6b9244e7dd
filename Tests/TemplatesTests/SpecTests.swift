import Foundation
import Testing
@testable import Templates

/// Every test of the Mustache specification's required modules (Spec/), so that a partner's
/// theme renders as any Mustache user expects.
@Suite struct SpecTests {
    struct SpecFile: Decodable {
        let tests: [SpecTest]
    }

    struct SpecTest: Decodable, CustomTestStringConvertible {
        let name: String
        let data: JSON
        let template: String
        let partials: [String: String]?
        let expected: String
        var testDescription: String { name }
    }

    /// The tests' data, as JSON holds it.
    indirect enum JSON: Decodable {
        case bool(Bool), number(Double), string(String), array([JSON]), object([String: JSON]), null

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let bool = try? container.decode(Bool.self) { self = .bool(bool) }
            else if let number = try? container.decode(Double.self) { self = .number(number) }
            else if let string = try? container.decode(String.self) { self = .string(string) }
            else if let array = try? container.decode([JSON].self) { self = .array(array) }
            else { self = .object(try container.decode([String: JSON].self)) }
        }

        /// JSON null is a name without a value (`.none`), as `nil` is in coursekit's page models.
        var value: TemplateValue? {
            switch self {
            case .bool(let bool): .bool(bool)
            case .number(let number): .text(number == number.rounded() ? String(Int(number)) : String(number))
            case .string(let string): .text(string)
            case .array(let items): .list(items.compactMap(\.value))
            case .object(let members): .object(Object(members: members))
            case .null: TemplateValue.none
            }
        }
    }

    struct Object: TemplateObject {
        let members: [String: JSON]
        func value(named name: String) -> TemplateValue? { members[name]?.value }
    }

    static func tests(_ module: String) throws -> [SpecTest] {
        let url = try #require(Bundle.module.url(forResource: "Spec/\(module)", withExtension: "json"))
        return try JSONDecoder().decode(SpecFile.self, from: Data(contentsOf: url)).tests
    }

    static let modules = ["comments", "delimiters", "interpolation", "inverted", "partials", "sections"]

    @Test(arguments: modules)
    func module(_ module: String) throws {
        let tests = try Self.tests(module)
        #expect(tests.count >= 10, "the \(module) module lost its tests")
        for test in tests {
            var library = TemplateLibrary()
            library.register(try Template(test.template), named: "test")
            for (name, text) in test.partials ?? [:] {
                library.register(try Template(text), named: name)
            }
            let output = library.render(test.data.value ?? .bool(false), withTemplate: "test")
            #expect(output == test.expected, "\(module): \(test.name)")
        }
    }
}
