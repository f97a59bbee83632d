// Written for Clara's device build of the DJL JNI: native messages go to stderr (debug ones only when asked for).
#include "djl_pytorch_jni_log.h"

#include <cstdlib>

Log::Log(JNIEnv* env) : env(env), logger(nullptr) {}

void Log::info(const std::string& message) { std::cerr << "[djl_torch] " << message << std::endl; }

void Log::debug(const std::string& message) {
  if (std::getenv("CLARA_DJL_JNI_DEBUG") != nullptr) {
    std::cerr << "[djl_torch debug] " << message << std::endl;
  }
}

void Log::error(const std::string& message) { std::cerr << "[djl_torch error] " << message << std::endl; }
