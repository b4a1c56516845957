#include "Arduino.h"
class BoschSensorClass {
public:
    int begin();
    int accelerationAvailable();
    int readAcceleration(float &x, float &y, float &z);
    int readGyroscope(float &x, float &y, float &z);
    int magneticFieldAvailable();
    int readMagneticField(float &x, float &y, float &z);
};
extern BoschSensorClass IMU;
