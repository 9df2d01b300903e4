// A fixed set of connections lent to one thread at a time; a borrower waits for one to come
// back. Both backends keep theirs here.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace icopilot::store {

template <typename Connection>
class ConnectionPool {
 public:
  // Only before the first Lease.
  void Add(std::unique_ptr<Connection> connection) {
    idle_.push_back(connection.get());
    all_.push_back(std::move(connection));
  }

  // Borrows a connection for one call or transaction; gives it back when destroyed.
  class Lease {
   public:
    explicit Lease(ConnectionPool& pool) : pool_(pool) {
      std::unique_lock lock(pool_.mutex_);
      pool_.available_.wait(lock, [&] { return !pool_.idle_.empty(); });
      connection_ = pool_.idle_.back();
      pool_.idle_.pop_back();
    }
    ~Lease() {
      {
        std::lock_guard lock(pool_.mutex_);
        pool_.idle_.push_back(connection_);
      }
      pool_.available_.notify_one();
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection* operator->() { return connection_; }
    Connection& operator*() { return *connection_; }

   private:
    ConnectionPool& pool_;
    Connection* connection_;
  };

 private:
  std::vector<std::unique_ptr<Connection>> all_;  // constant after the first Lease
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Connection*> idle_;  // guarded by mutex_
};

}  // namespace icopilot::store
