#define BOOST_TEST_MODULE core_posix
#include "grader/core/posix.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <chrono>
#include <thread>

using grader::retry_on_eintr;

BOOST_AUTO_TEST_CASE(an_interrupted_call_is_made_again_until_it_answers) {
  int calls = 0;
  const long n = retry_on_eintr([&]() -> long {
    if (++calls < 3) {
      errno = EINTR;
      return -1;
    }
    return 42;
  });
  BOOST_TEST(n == 42);
  BOOST_TEST(calls == 3);
}

BOOST_AUTO_TEST_CASE(another_failure_is_returned_at_once_with_its_errno) {
  int calls = 0;
  const int n = retry_on_eintr([&] {
    ++calls;
    errno = EBADF;
    return -1;
  });
  BOOST_TEST(n == -1);
  BOOST_TEST(errno == EBADF);
  BOOST_TEST(calls == 1);
}

namespace {
std::atomic<int> signals_seen{0};
void count_signal(int) {
  ++signals_seen;
}
}  // namespace

// A real read on a pipe, interrupted by a signal whose handler does not restart it.
BOOST_AUTO_TEST_CASE(a_read_interrupted_by_a_signal_still_gets_its_bytes) {
  struct sigaction action {};
  struct sigaction old {};
  action.sa_handler = count_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: the blocked read fails with EINTR
  BOOST_REQUIRE(::sigaction(SIGUSR1, &action, &old) == 0);
  int fds[2];
  BOOST_REQUIRE(::pipe(fds) == 0);
  const pthread_t reader = ::pthread_self();
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ::pthread_kill(reader, SIGUSR1);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    BOOST_TEST(::write(fds[1], "x", 1) == 1);
  });
  char c = 0;
  const ssize_t n = retry_on_eintr([&] { return ::read(fds[0], &c, 1); });
  writer.join();
  BOOST_TEST(n == 1);
  BOOST_TEST(c == 'x');
  BOOST_TEST(signals_seen.load() == 1);
  ::close(fds[0]);
  ::close(fds[1]);
  ::sigaction(SIGUSR1, &old, nullptr);
}
