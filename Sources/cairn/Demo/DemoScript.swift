import CairnServer

/// The model side of `cairn demo`: what the scripted server answers, request by request.
/// The runtime makes exactly these requests in this order (two per tool turn, one for the
/// resumed turn), so the entries carry no conditions.
enum DemoScript {
  static let firstPrompt = "What is in this workspace?"
  static let secondPrompt = "Clean up the build output."
  static let thirdPrompt = "Summarize what you did."

  static let script = ResponsesScript(responses: [
    ScriptedResponse(
      name: "turn 1: look", responseID: "resp_demo_1",
      output: [
        .reasoning(
          id: "rs_demo_1", summary: ["**Looking around**\n\nListing the workspace first."],
          encryptedContent: "demo-opaque-reasoning"),
        .functionCall(
          id: "fc_demo_1", callID: "call_demo_ls", name: "exec_command",
          arguments: #"{"cmd":"ls -1"}"#),
      ]),
    ScriptedResponse(
      name: "turn 1: answer", responseID: "resp_demo_2",
      output: [
        .message(
          id: "msg_demo_1",
          text: "The workspace holds a README.md and a build/ directory of generated output.",
          deltas: [
            "The workspace holds a README.md ", "and a build/ directory of generated output.",
          ])
      ]),
    ScriptedResponse(
      name: "turn 2: risky command", responseID: "resp_demo_3",
      output: [
        .functionCall(
          id: "fc_demo_2", callID: "call_demo_rm", name: "exec_command",
          arguments: #"{"cmd":"rm -rf build"}"#)
      ]),
    ScriptedResponse(
      name: "turn 2: answer", responseID: "resp_demo_4",
      output: [.message(id: "msg_demo_2", text: "Removed build/ (you approved it).", deltas: nil)]),
    ScriptedResponse(
      name: "turn 3: resumed", responseID: "resp_demo_5",
      output: [
        .message(
          id: "msg_demo_3",
          text: "I listed the workspace, then removed build/ after your approval.", deltas: nil)
      ]),
  ])
}
