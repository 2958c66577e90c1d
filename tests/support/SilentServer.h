#pragma once
// Misbehaving servers for the PACS error tests, on a thread of their own (the code under test
// blocks its thread while it waits): one that answers every HTTP request with 500, one that
// accepts connections and never says a word.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <string>
#include <thread>

namespace anomadiff::test {

class SilentServer {
 public:
  enum class Behaviour { Http500, Silent };

  explicit SilentServer(Behaviour behaviour) : m_behaviour(behaviour) {
    m_socket = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ::bind(m_socket, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(m_socket, 8);
    socklen_t length = sizeof address;
    ::getsockname(m_socket, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { serve(); });
  }

  ~SilentServer() {
    m_stop = true;
    ::shutdown(m_socket, SHUT_RDWR);
    ::close(m_socket);
    m_thread.join();
  }

  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;

  int port() const { return m_port; }

 private:
  void serve() {
    while (!m_stop) {
      const int client = ::accept(m_socket, nullptr, nullptr);
      if (client < 0) return;
      if (m_behaviour == Behaviour::Http500) {
        char request[4096];
        [[maybe_unused]] const auto got = ::recv(client, request, sizeof request, 0);
        const std::string answer =
            "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        [[maybe_unused]] const auto sent = ::send(client, answer.data(), answer.size(), 0);
        ::close(client);
      } else {
        m_silent = client;  // kept open and unanswered until the server ends
      }
    }
    if (m_silent >= 0) ::close(m_silent);
  }

  Behaviour m_behaviour;
  int m_socket = -1;
  int m_silent = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

}  // namespace anomadiff::test
