/// Receives one HTTP response as it arrives: the head first, exactly once, then the body in
/// the chunks the network delivers. Called on the thread that runs the transfer.
public protocol HTTPResponseSink: AnyObject {
  /// The final status and headers (interim 1xx responses are not passed on).
  func receiveHead(status: Int, headers: [HTTPHeader])
  /// Body bytes, valid only during the call. Return false to stop the transfer: `post`
  /// then returns normally.
  func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool
}
