import CairnModel
import Testing

/// An API key never prints, whichever way Swift renders a value.
@Suite struct APIKeyTests {
  let secret = "sk-proj-very-secret-123"

  @Test func everyRenderingIsRedacted() {
    let key = APIKey(secret)
    var dumped = ""
    dump(key, to: &dumped)
    let endpoint = ModelEndpoint(
      providerID: "p", providerName: "P", responsesURL: "http://127.0.0.1:1/v1/responses",
      apiKey: key)
    var dumpedEndpoint = ""
    dump(endpoint, to: &dumpedEndpoint)
    let renderings = [
      key.description, key.debugDescription, "\(key)", String(describing: key),
      String(reflecting: key), dumped, "\(Optional(key) as Any)", dumpedEndpoint,
      String(describing: endpoint), "\([key])",
    ]
    for text in renderings {
      #expect(!text.contains(secret), "\(text)")
      #expect(!text.contains("very-secret"), "\(text)")
    }
    #expect(key.description == "<redacted>")
    #expect(Mirror(reflecting: key).children.isEmpty)
  }

  @Test func theBearerValueCarriesTheKey() {
    #expect(APIKey(secret).bearerValue == "Bearer \(secret)")
  }
}
