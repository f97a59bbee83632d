// Written for Clara's device build of the DJL JNI: the global class references the JNI sources expect.
#ifndef CLARA_DJL_JNI_CACHE_H
#define CLARA_DJL_JNI_CACHE_H
#include <jni.h>
#include "djl_pytorch_jni_log.h"
extern jclass ENGINE_EXCEPTION_CLASS;
extern jclass NULL_PTR_EXCEPTION_CLASS;
extern jclass ILLEGAL_STATE_EXCEPTION_CLASS;
#endif
