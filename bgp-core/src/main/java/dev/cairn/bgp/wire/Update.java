package dev.cairn.bgp.wire;

/** PLACEHOLDER: replaced by the UPDATE codec work. */
public record Update() implements BgpMessage {
  @Override
  public MessageType type() {
    return MessageType.UPDATE;
  }
}
